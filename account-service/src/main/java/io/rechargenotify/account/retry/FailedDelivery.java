package io.rechargenotify.account.retry;

import io.rechargenotify.shared.event.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** A consumed record whose result could not be applied: where it came from, what it carries, its retry headers. */
public record FailedDelivery(String topic, int partition, long offset, String key, String value,
        Map<String, String> headers) {

    public static FailedDelivery of(String topic, int partition, long offset, String key, String value,
            Headers kafkaHeaders) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : kafkaHeaders) {
            if (header.key().startsWith("rn-") && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new FailedDelivery(topic, partition, offset, key, value, Map.copyOf(headers));
    }

    /** The attempt that just failed: 1 on the main topic, the header's number on a retry topic. */
    public int attempt() {
        return header(EventHeaders.ATTEMPT).map(Integer::parseInt).orElse(1);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
