package io.rechargenotify.account.retry;

import io.rechargenotify.account.consume.FailureClass;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where a failed delivery goes next, with the headers of the event contract: the next retry topic with its due
 * time, or the dead-letter topic when the failure is permanent or the ladder is exhausted. The original
 * topic/partition/offset and the first failure time travel unchanged from the first hand-off to the last.
 */
public final class RetryRouting {

    private static final int MAX_ERROR_LENGTH = 500;

    private final RetryLadder ladder;

    public RetryRouting(RetryLadder ladder) {
        this.ladder = ladder;
    }

    public ProducerRecord<String, String> next(FailedDelivery delivery, FailureClass failureClass, String error,
            Instant now) {
        int attempt = delivery.attempt();
        Optional<Integer> step = failureClass == FailureClass.TRANSIENT ? ladder.stepAfterAttempt(attempt)
                : Optional.empty();
        String topic = step.map(ladder::topic).orElse(Topics.RECHARGE_RESULTS_DLT);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, delivery.key(), delivery.value());
        put(record, EventHeaders.ORIGINAL_TOPIC, delivery.header(EventHeaders.ORIGINAL_TOPIC).orElse(delivery.topic()));
        put(record, EventHeaders.ORIGINAL_PARTITION, delivery.header(EventHeaders.ORIGINAL_PARTITION)
                .orElse(Integer.toString(delivery.partition())));
        put(record, EventHeaders.ORIGINAL_OFFSET, delivery.header(EventHeaders.ORIGINAL_OFFSET)
                .orElse(Long.toString(delivery.offset())));
        put(record, EventHeaders.FIRST_FAILURE_AT, delivery.header(EventHeaders.FIRST_FAILURE_AT)
                .orElse(now.toString()));
        put(record, EventHeaders.LAST_ERROR, truncate(error));
        put(record, EventHeaders.ERROR_CLASS, failureClass.code());
        if (step.isPresent()) {
            put(record, EventHeaders.ATTEMPT, Integer.toString(attempt + 1));
            put(record, EventHeaders.DUE_AT, now.plus(ladder.delays().get(step.get())).toString());
        } else {
            put(record, EventHeaders.ATTEMPT, Integer.toString(attempt));
        }
        return record;
    }

    private static void put(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String error) {
        String text = error == null ? "unknown error" : error;
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
