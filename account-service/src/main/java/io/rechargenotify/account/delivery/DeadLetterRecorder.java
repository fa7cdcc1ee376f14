package io.rechargenotify.account.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.deadletter.DeadLetter;
import io.rechargenotify.account.deadletter.DeadLetterRepository;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.account.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.UnreadableEventException;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.rechargenotify.shared.value.BoundedText;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps every record of the dead-letter topic in Postgres, with the history its headers carry, so operators can list,
 * inspect and replay dead letters. Acked after the row committed; a redelivered record is recognised by its
 * partition, offset and timestamp and stored once.
 *
 * <p>Anyone who can write to the topic decides what is stored, so every field is cut to its column and cleaned of
 * what Postgres refuses, a record without the history headers is kept with its own coordinates as origin, and a
 * database that fails is tried again (with growing pauses) rather than dropping the record or stopping the channel.
 */
@ApplicationScoped
public class DeadLetterRecorder {

    private static final String NO_REASON =
            "no reason given: the record reached the dead-letter topic without an rn-last-error header";

    /** What the hand-off writes; any other value came from someone else and is not repeated as if it were ours. */
    private static final Set<String> KNOWN_ERROR_CLASSES = Set.of(FailureClass.TRANSIENT.code(),
            FailureClass.PERMANENT.code(), FailureClass.SIGNATURE.code());

    private final DeadLetterRepository deadLetters;
    private final IsolatedWork isolated;
    private final EventVerifier verifier;
    private final Clock clock;
    private final AccountConfig.Delivery config;
    private final MessageTracing tracing;

    public DeadLetterRecorder(DeadLetterRepository deadLetters, IsolatedWork isolated, EventVerifier verifier,
            Clock clock, AccountConfig config, MessageTracing tracing) {
        this.deadLetters = deadLetters;
        this.isolated = isolated;
        this.verifier = verifier;
        this.clock = clock;
        this.config = config.delivery();
        this.tracing = tracing;
    }

    @Incoming("dead-letters")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> record(Message<String> message) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElseThrow();
            ConsumedRecord record = ConsumedRecord.of(kafka, message.getPayload(), now);
            DeadLetter letter = toDeadLetter(record, now);
            // The end of a failed recharge's trace: the attempt that gave up published this record.
            Span span = tracing.startProcess(record.topic(), record.partition(), record.offset(), record.trace());
            MessageTracing.describe(span, letter.txNo, letter.accountNo, null);
            return store(() -> deadLetters.insertOnce(letter), letter)
                    .onTermination().invoke((done, failure, cancelled) -> MessageTracing.end(span, failure));
        }).chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    /**
     * Stores a dead letter whose record on the topic is only a stub (too large to forward): the whole record wins over
     * the stub, whichever of the two is stored first.
     */
    Uni<Void> storeWhole(ConsumedRecord record) {
        DeadLetter letter = toDeadLetter(record, clock.instant());
        return store(() -> deadLetters.upsertPayload(letter), letter);
    }

    /**
     * One transaction per try, bounded in time; tried again until it commits. Should a value still be refused as data
     * (SQLSTATE 22/23 – nothing retrying could change), the record is stored without its payload and says why.
     */
    private Uni<Void> store(Supplier<Uni<Integer>> insert, DeadLetter letter) {
        // Each try on a context of its own: a retry or a timeout resumes on a Mutiny thread, where Hibernate Reactive
        // cannot open a session.
        return Uni.createFrom().deferred(() -> isolated.run(() -> Panache.withTransaction(insert)))
                .ifNoItem().after(config.deadLetterStoreTimeout()).fail()
                .onFailure(FailureClass::isDataError).recoverWithUni(refused -> {
                    Log.errorf("Dead letter %d@%d refused by the database (%s); stored without its payload",
                            letter.dltPartition, letter.dltOffset, refused.getMessage());
                    DeadLetter bare = withoutPayload(letter, refused);
                    return isolated.run(() -> Panache.withTransaction(() -> deadLetters.insertOnce(bare)));
                })
                .onFailure().invoke(failure -> Log.warnf("Dead letter %d@%d not stored yet, trying again: %s",
                        letter.dltPartition, letter.dltOffset, failure.getMessage()))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .replaceWithVoid();
    }

    DeadLetter toDeadLetter(ConsumedRecord record, Instant now) {
        DeadLetter letter = new DeadLetter();
        letter.dltPartition = record.partition();
        letter.dltOffset = record.offset();
        letter.dltTimestamp = storableTimestamp(record.timestamp());
        letter.recordKey = BoundedText.of(record.key(), DeadLetter.MAX_TEXT);
        letter.payload = record.value() == null ? "" : BoundedText.withoutNul(record.value());
        letter.signature = record.signature();
        letter.signatureValid = verifier.isGenuine(record.value(), record.signature());
        Optional<RechargeResultEvent> event = readable(record.value());
        letter.txNo = event.map(RechargeResultEvent::txNo).orElse(null);
        letter.accountNo = event.map(RechargeResultEvent::accountNo).orElse(letter.recordKey);
        RetryHeaders headers = record.headers();
        letter.attempt = headers.attempt().orElse(null);
        RetryHeaders.Origin origin = record.origin();
        letter.originalTopic = BoundedText.of(origin.topic(), DeadLetter.MAX_TEXT);
        letter.originalPartition = origin.partition();
        letter.originalOffset = origin.offset();
        letter.firstFailureAt = headers.firstFailureAt().orElse(null);
        letter.errorClass = headers.errorClass().filter(KNOWN_ERROR_CLASSES::contains).orElse("unknown");
        letter.lastError = headers.lastError().orElse(NO_REASON);
        letter.deadAt = now;
        return letter;
    }

    private static DeadLetter withoutPayload(DeadLetter letter, Throwable refused) {
        DeadLetter bare = new DeadLetter();
        bare.dltPartition = letter.dltPartition;
        bare.dltOffset = letter.dltOffset;
        bare.dltTimestamp = letter.dltTimestamp;
        bare.payload = "";
        bare.errorClass = "unstorable";
        bare.lastError = BoundedText.of("payload and headers not storable (" + refused.getMessage() + "); "
                + letter.lastError, RetryHeaders.MAX_ERROR_LENGTH);
        bare.deadAt = letter.deadAt;
        return bare;
    }

    /** Kafka lets a producer set any timestamp up to the year 292,278,994; Postgres stores up to 294,276 AD. */
    private static Instant storableTimestamp(Instant timestamp) {
        return timestamp.isAfter(DeadLetter.LATEST_TIMESTAMP) ? DeadLetter.LATEST_TIMESTAMP : timestamp;
    }

    private static Optional<RechargeResultEvent> readable(String payload) {
        try {
            return Optional.of(EventCodec.decode(payload));
        } catch (UnreadableEventException e) {
            return Optional.empty();
        }
    }
}
