package io.rechargenotify.account.deadletter;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.UnreadableEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps every record of the dead-letter topic in Postgres, with the history its headers carry, so operators can list,
 * inspect and replay dead letters. Acked after the row committed; a redelivered record is recognised by its
 * partition, offset and timestamp and stored once.
 */
@ApplicationScoped
public class DeadLetterRecorder {

    private final DeadLetterRepository deadLetters;
    private final Clock clock;

    public DeadLetterRecorder(DeadLetterRepository deadLetters, Clock clock) {
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Incoming("dead-letters")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> record(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow();
        return store(toDeadLetter(kafka, message.getPayload()))
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    @WithTransaction
    Uni<Integer> store(DeadLetter deadLetter) {
        return deadLetters.insertOnce(deadLetter);
    }

    private DeadLetter toDeadLetter(IncomingKafkaRecordMetadata<?, ?> kafka, String payload) {
        Headers headers = kafka.getHeaders();
        DeadLetter letter = new DeadLetter();
        letter.dltPartition = kafka.getPartition();
        letter.dltOffset = kafka.getOffset();
        letter.dltTimestamp = kafka.getTimestamp();
        letter.recordKey = kafka.getKey() == null ? null : storable(kafka.getKey().toString(), 200);
        // Postgres text cannot hold NUL; a foreign producer's bytes must not stop the recorder.
        letter.payload = payload == null ? "" : payload.replace("\u0000", "\\u0000");
        Optional<RechargeResultEvent> event = readable(payload);
        letter.txNo = event.map(RechargeResultEvent::txNo).orElse(null);
        letter.accountNo = event.map(RechargeResultEvent::accountNo).orElse(letter.recordKey);
        letter.attempt = header(headers, EventHeaders.ATTEMPT, Integer::valueOf);
        letter.originalTopic = header(headers, EventHeaders.ORIGINAL_TOPIC, value -> storable(value, 200));
        letter.originalPartition = header(headers, EventHeaders.ORIGINAL_PARTITION, Integer::valueOf);
        letter.originalOffset = header(headers, EventHeaders.ORIGINAL_OFFSET, Long::valueOf);
        letter.firstFailureAt = header(headers, EventHeaders.FIRST_FAILURE_AT, Instant::parse);
        letter.errorClass = header(headers, EventHeaders.ERROR_CLASS, value -> storable(value, 16));
        letter.lastError = header(headers, EventHeaders.LAST_ERROR, value -> storable(value, 1000));
        letter.deadAt = clock.instant();
        return letter;
    }

    private static String storable(String value, int maxLength) {
        String clean = value.replace("\u0000", "");
        return clean.length() <= maxLength ? clean : clean.substring(0, maxLength);
    }

    private static Optional<RechargeResultEvent> readable(String payload) {
        try {
            return Optional.of(EventCodec.decode(payload));
        } catch (UnreadableEventException e) {
            return Optional.empty();
        }
    }

    /** A header's value, or null when it is missing or malformed: a dead letter is stored whatever it carries. */
    private static <T> T header(Headers headers, String name, Function<String, T> parse) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return parse.apply(new String(header.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
