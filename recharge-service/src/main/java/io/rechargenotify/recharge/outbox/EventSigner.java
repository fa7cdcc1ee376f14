package io.rechargenotify.recharge.outbox;

import io.quarkus.runtime.Startup;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Signs every record the relay publishes, so consumers can tell recharge-service's results from anything else written
 * to the topic. Created at startup: without a usable key the service refuses to start, rather than publish events
 * every consumer would dead-letter.
 */
@Startup
@ApplicationScoped
public class EventSigner {

    private final EventSignature.Key key;

    public EventSigner(RechargeConfig config) {
        RechargeConfig.Events events = config.events();
        if (events.signingKeyId().isEmpty() || events.signingKey().isEmpty()) {
            throw new IllegalStateException("No event signing key: set EVENT_SIGNING_KEY_ID and EVENT_SIGNING_KEY "
                    + "(base64, at least " + EventSignature.MIN_KEY_BYTES + " bytes; recharge.events.signing-key-id "
                    + "and recharge.events.signing-key) – account-service refuses unsigned events");
        }
        this.key = EventSignature.Key.of(events.signingKeyId().get(), events.signingKey().get());
    }

    /** The record with its signature header: over the exact text the producer sends. */
    public ProducerRecord<String, String> signed(ProducerRecord<String, String> record) {
        record.headers().add(EventHeaders.SIGNATURE,
                EventSignature.sign(key, record.value()).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
