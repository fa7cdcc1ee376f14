package io.rechargenotify.shared.testing;

import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The event signing key of the dev and test profiles (both services' application.properties name it as
 * {@code test:<base64>}), for tests that write recharge results to the topics themselves, as recharge-service would.
 */
public final class TestEventKeys {

    public static final String KEY_ID = "test";
    public static final String SECRET = "dGVzdC1vbmx5LWV2ZW50LXNpZ25pbmcta2V5LTAwMDE=";
    public static final EventSignature.Key KEY = EventSignature.Key.of(KEY_ID, SECRET);

    private TestEventKeys() {
    }

    /** The record with a valid signature header, as the relay writes it. */
    public static <R extends ProducerRecord<String, String>> R signed(R record) {
        record.headers().add(EventHeaders.SIGNATURE,
                EventSignature.sign(KEY, record.value()).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
