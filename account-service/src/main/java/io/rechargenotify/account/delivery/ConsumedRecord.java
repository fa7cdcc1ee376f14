package io.rechargenotify.account.delivery;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * One record read from a recharge-result topic, as the delivery code sees it: where it is, what it carries, and its
 * retry headers already read defensively. Building one never fails, whatever the record holds.
 *
 * @param value null for a tombstone
 * @param key null when the producer gave none
 */
public record ConsumedRecord(String topic, int partition, long offset, Instant timestamp, String key, String value,
        RetryHeaders headers) {

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
                RetryHeaders.read(headers, now));
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
