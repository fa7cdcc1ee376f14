package io.rechargenotify.account.delivery;

import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.value.BoundedText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one place that decides how a recharge result is retried: the ladder of delays (one retry topic per step), which
 * failures walk it (transient) and which go straight to the dead-letter topic (permanent), which attempt a record is
 * on, when a waiting record falls due, and the headers it carries to its next topic.
 *
 * <p>Headers are written for people and for the dead-letter view, but never trusted for control: the attempt number
 * follows from the topic a record was read from (the main topic is attempt 1, ladder step {@code k} is attempt
 * {@code k + 2}), and a due time is never later than one step's delay after the record was written or first seen.
 */
@ApplicationScoped
public class DeliveryPolicy {

    /** The stored dead letter's key column; an oversized record's stub carries no more. */
    private static final int MAX_STUB_KEY_LENGTH = 200;

    private final RetryLadder ladder;

    @Inject
    public DeliveryPolicy(AccountConfig config) {
        this(RetryLadder.parse(config.retry().ladder()));
    }

    DeliveryPolicy(RetryLadder ladder) {
        this.ladder = ladder;
    }

    public RetryLadder ladder() {
        return ladder;
    }

    public List<String> retryTopics() {
        return ladder.topics();
    }

    /** The attempt a record of this topic is: 1 on the main topic, {@code k + 2} on ladder step {@code k}. */
    public int attemptOn(String topic) {
        int step = ladder.topics().indexOf(topic);
        return step < 0 ? 1 : step + 2;
    }

    /**
     * When a record of a retry topic may be attempted: the due time its header names, or one step's delay after it
     * was written if that header is missing or unreadable – and never later than one step's delay after it was
     * written or first seen here, so a forged far-future due time (or timestamp) cannot pause a partition for ever.
     */
    public Instant dueAt(ConsumedRecord record, Instant firstSeen) {
        Duration delay = delayOf(record.topic());
        Instant latest = firstSeen.plus(delay);
        Instant written = record.timestamp().plus(delay);
        Instant due = record.headers().dueAt().orElse(written);
        Instant bound = written.isBefore(latest) ? written : latest;
        return due.isAfter(bound) ? bound : due;
    }

    private Duration delayOf(String topic) {
        int step = ladder.topics().indexOf(topic);
        return step < 0 ? Duration.ZERO : ladder.delays().get(step);
    }

    /** Where a record that failed goes next, and with which headers. */
    public Routed next(ConsumedRecord record, Throwable failure, Instant now) {
        FailureClass failureClass = FailureClass.of(failure);
        int attempt = attemptOn(record.topic());
        Optional<Integer> step = failureClass == FailureClass.TRANSIENT ? ladder.stepAfterAttempt(attempt)
                : Optional.empty();
        String topic = step.map(ladder::topic).orElse(Topics.RECHARGE_RESULTS_DLT);
        String error = describe(failure, failureClass);
        ProducerRecord<String, String> next = carry(record, topic, record.key(), record.value(), failureClass.code(),
                error, now);
        if (step.isPresent()) {
            put(next, EventHeaders.ATTEMPT, Integer.toString(attempt + 1));
            put(next, EventHeaders.DUE_AT, now.plus(ladder.delays().get(step.get())).toString());
        } else {
            put(next, EventHeaders.ATTEMPT, Integer.toString(attempt));
        }
        return new Routed(next, failureClass, error);
    }

    /**
     * The stand-in for a record too large to be forwarded with its headers: no value, the headers of a dead letter,
     * and {@link EventHeaders#PAYLOAD_STORED} – the whole record is kept in Postgres instead.
     */
    public ProducerRecord<String, String> oversizedStub(ConsumedRecord record, Routed routed, Instant now) {
        String error = BoundedText.of("too large to forward with its headers (" + routed.error() + ")",
                RetryHeaders.MAX_ERROR_LENGTH);
        // The key is cut too: a key near the size limit is as much a reason for "too large" as the value.
        ProducerRecord<String, String> stub = carry(record, Topics.RECHARGE_RESULTS_DLT,
                BoundedText.of(record.key(), MAX_STUB_KEY_LENGTH), null, routed.failureClass().code(), error, now);
        put(stub, EventHeaders.ATTEMPT, Integer.toString(attemptOn(record.topic())));
        put(stub, EventHeaders.PAYLOAD_STORED, "postgres");
        return stub;
    }

    /** A copy for {@code topic} with the origin and first failure kept from the first hand-off to the last. */
    private static ProducerRecord<String, String> carry(ConsumedRecord record, String topic, String key, String value,
            String errorClass, String error, Instant now) {
        ProducerRecord<String, String> next = new ProducerRecord<>(topic, key, value);
        if (record.signature() != null) {
            // Unchanged: every later attempt, and a replay of the dead letter, checks it again.
            put(next, EventHeaders.SIGNATURE, record.signature());
        }
        RetryHeaders.Origin origin = record.origin();
        put(next, EventHeaders.ORIGINAL_TOPIC, origin.topic());
        put(next, EventHeaders.ORIGINAL_PARTITION, Integer.toString(origin.partition()));
        put(next, EventHeaders.ORIGINAL_OFFSET, Long.toString(origin.offset()));
        put(next, EventHeaders.FIRST_FAILURE_AT, record.headers().firstFailureAt().orElse(now).toString());
        put(next, EventHeaders.LAST_ERROR, error);
        put(next, EventHeaders.ERROR_CLASS, errorClass);
        return next;
    }

    /** A permanent failure says what is wrong with the record; a transient one the innermost cause, in one line. */
    static String describe(Throwable failure, FailureClass failureClass) {
        Throwable shown = failure;
        if (failureClass == FailureClass.TRANSIENT || failure.getMessage() == null) {
            while (shown.getCause() != null && shown.getCause() != shown) {
                shown = shown.getCause();
            }
        }
        String message = shown.getMessage() != null ? shown.getMessage() : shown.getClass().getSimpleName();
        return BoundedText.of(message, RetryHeaders.MAX_ERROR_LENGTH);
    }

    private static void put(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A failed record's next copy, and why. */
    public record Routed(ProducerRecord<String, String> record, FailureClass failureClass, String error) {

        public String topic() {
            return record.topic();
        }
    }
}
