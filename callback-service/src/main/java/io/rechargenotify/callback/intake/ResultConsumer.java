package io.rechargenotify.callback.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.rechargenotify.callback.dispatch.Dispatcher;
import io.rechargenotify.callback.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignatureException;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns recharge results into deliveries, in a consumer group of its own: one PENDING delivery per matching endpoint,
 * written in one statement, then the record is acknowledged. A crash before the ack redelivers the record, and the
 * unique (endpoint, event) makes that harmless.
 *
 * <p>A record that does not prove it comes from recharge-service, or cannot be read, never becomes a callback: it is
 * counted, logged and acknowledged, and the consumer goes on (account-service dead-letters those; here there is
 * nothing to retry). The returned {@code Uni} never fails – that would stop the channel: storing is tried again, with
 * growing pauses, until Postgres takes it.
 */
@ApplicationScoped
public class ResultConsumer {

    private final EventVerifier verifier;
    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final CallbackConfig.Intake config;

    public ResultConsumer(EventVerifier verifier, DeliveryRepository deliveries, Dispatcher dispatcher, Clock clock,
            MeterRegistry meters, CallbackConfig config) {
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.meters = meters;
        this.config = config.intake();
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        String where = where(message);
        RechargeResultEvent event;
        try {
            verifier.verify(message.getPayload(), signature(message));
            event = EventCodec.decode(message.getPayload());
        } catch (EventSignatureException e) {
            return skip(message, "unverified", where, e);
        } catch (RuntimeException e) {
            return skip(message, "unreadable", where, e);
        }
        return Uni.createFrom().deferred(() -> deliveries.plan(event, message.getPayload(), clock.instant()))
                .ifNoItem().after(config.storeTimeout())
                .failWith(() -> new TimeoutException("Postgres did not answer within " + config.storeTimeout()))
                .onFailure().invoke(failure -> Log.warnf("Deliveries of event %s (%s) not stored (%s); trying again",
                        event.eventId(), where, failure.getMessage()))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .invoke(planned -> {
                    meters.counter("callback.results.consumed", "outcome", "stored").increment();
                    Log.debugf("Event %s (txNo %s) planned for %d endpoint(s)", event.eventId(), event.txNo(), planned);
                    if (planned > 0) {
                        dispatcher.wake(); // the first attempt now rather than at the next poll
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> skip(Message<String> message, String outcome, String where, RuntimeException reason) {
        meters.counter("callback.results.consumed", "outcome", outcome).increment();
        Log.warnf("Recharge result %s is %s and is not delivered to any receiver: %s", where, outcome,
                reason.getMessage());
        return Uni.createFrom().completionStage(message.ack());
    }

    private static String signature(Message<String> message) {
        Header header = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(EventHeaders.SIGNATURE)).orElse(null);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String where(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getTopic() + "-" + kafka.getPartition() + "@" + kafka.getOffset())
                .orElse("?");
    }
}
