package io.rechargenotify.account.delivery;

import io.opentelemetry.context.Context;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.rechargenotify.shared.value.BoundedText;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record read from a recharge-result topic, as the delivery code sees it: where it is, what it carries, and its
 * retry headers already read defensively. Building one never fails, whatever the record holds.
 *
 * @param value null for a tombstone
 * @param key null when the producer gave none
 * @param signature its {@link EventHeaders#SIGNATURE} header, unchecked (cut to {@link #MAX_SIGNATURE_LENGTH}); null
 *     when it has none
 * @param trace the trace its {@code traceparent} header continues (the root context when it names none)
 */
public record ConsumedRecord(String topic, int partition, long offset, Instant timestamp, String key, String value,
        String signature, RetryHeaders headers, Context trace) {

    /** The stored dead letter's signature column; a genuine signature is about 60 characters. */
    public static final int MAX_SIGNATURE_LENGTH = 300;

    public static ConsumedRecord of(ConsumerRecord<String, String> record, Instant now) {
        return of(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), record.headers(), now);
    }

    public static ConsumedRecord of(IncomingKafkaRecordMetadata<?, ?> kafka, String value, Instant now) {
        return of(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(), kafka.getTimestamp(),
                kafka.getKey() == null ? null : kafka.getKey().toString(), value, kafka.getHeaders(), now);
    }

    private static ConsumedRecord of(String topic, int partition, long offset, Instant timestamp, String key,
            String value, Headers headers, Instant now) {
        return new ConsumedRecord(topic, partition, offset, timestamp == null ? now : timestamp, key, value,
                signature(headers), RetryHeaders.read(headers, now), MessageTracing.parentOf(headers));
    }

    /** The same record as never tried before: without any retry history its headers claim. */
    public ConsumedRecord withoutRetryHeaders() {
        return new ConsumedRecord(topic, partition, offset, timestamp, key, value, signature, RetryHeaders.NONE, trace);
    }

    private static String signature(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(EventHeaders.SIGNATURE);
        return header == null || header.value() == null ? null
                : BoundedText.of(new String(header.value(), StandardCharsets.UTF_8), MAX_SIGNATURE_LENGTH);
    }

    /** Where the record was first consumed: its headers' origin if valid, else right here. */
    public RetryHeaders.Origin origin() {
        return headers.origin().orElseGet(() -> new RetryHeaders.Origin(topic, partition, offset));
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
