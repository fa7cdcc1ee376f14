package io.rechargenotify.account.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.account.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * One delivery attempt, the same for the main topic and every retry topic: apply the result to the ledger (bounded in
 * time), or else hand the record to where {@link DeliveryPolicy} sends it. Either way the caller may then commit the
 * record. Whatever the record holds, the attempt ends in one of the two; it fails only when the broker would not take
 * the hand-off, and then the caller must try again later and commit nothing.
 */
@ApplicationScoped
public class DeliveryAttempt {

    private final Ledger ledger;
    private final HandOff handOff;
    private final DeliveryPolicy policy;
    private final DeadLetterRecorder deadLetters;
    private final IsolatedWork isolated;
    private final EventVerifier verifier;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration attemptTimeout;

    public DeliveryAttempt(Ledger ledger, HandOff handOff, DeliveryPolicy policy, DeadLetterRecorder deadLetters,
            IsolatedWork isolated, EventVerifier verifier, Clock clock, MeterRegistry meters, AccountConfig config) {
        this.ledger = ledger;
        this.handOff = handOff;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.isolated = isolated;
        this.verifier = verifier;
        this.clock = clock;
        this.meters = meters;
        this.attemptTimeout = config.delivery().attemptTimeout();
    }

    /** What became of a record: applied (with the ledger's answer) or handed to another topic. */
    public record Outcome(Applied applied, String handedTo) {
    }

    public Uni<Outcome> run(ConsumedRecord record, LedgerSource source) {
        return Uni.createFrom().deferred(() -> apply(record, source))
                .map(applied -> {
                    processed(record, applied);
                    return new Outcome(applied, null);
                })
                .onFailure().recoverWithUni(failure -> handOff(record, failure));
    }

    /**
     * Applies records together, in their order, in one ledger transaction (one commit instead of one each). Records
     * that cannot be read as genuine signed results are left out and returned, for {@link #run} one at a time (they go
     * to the dead-letter topic, and never touch the ledger, so their order against the others does not matter). Fails,
     * with nothing applied, when any readable one cannot be applied: the caller then runs each alone.
     */
    public Uni<List<ConsumedRecord>> runTogether(List<ConsumedRecord> records, LedgerSource source) {
        List<ConsumedRecord> together = new ArrayList<>();
        List<RechargeResultEvent> events = new ArrayList<>();
        List<ConsumedRecord> alone = new ArrayList<>();
        for (ConsumedRecord record : records) {
            try {
                // Strictly: an unsigned record the migration switch lets in goes alone, and is counted there once.
                verifier.verifyStrictly(record.value(), record.signature());
                events.add(EventCodec.decode(record.value()));
                together.add(record);
            } catch (RuntimeException unreadable) {
                alone.add(record);
            }
        }
        if (together.isEmpty()) {
            return Uni.createFrom().item(alone);
        }
        return isolated.run(() -> ledger.applyAll(events, source)).ifNoItem().after(attemptTimeout)
                .failWith(() -> new TimeoutException("the ledger did not answer within " + attemptTimeout))
                .map(outcomes -> { // committed: count now, not before
                    for (int i = 0; i < together.size(); i++) {
                        ledger.count(events.get(i), source, outcomes.get(i));
                        processed(together.get(i), outcomes.get(i));
                    }
                    return alone;
                });
    }

    private void processed(ConsumedRecord record, Applied applied) {
        meters.counter("recharge.results.processed", "topic", record.topic(), "outcome",
                applied.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Uni<Applied> apply(ConsumedRecord record, LedgerSource source) {
        // Proven to come from recharge-service before anything is read from it: a forged record never reaches the
        // ledger, so it cannot claim a txNo that the genuine result would then find taken.
        verifier.verify(record.value(), record.signature());
        var event = EventCodec.decode(record.value());
        return ledger.apply(event, source).ifNoItem().after(attemptTimeout)
                .failWith(() -> new TimeoutException("the ledger did not answer within " + attemptTimeout));
    }

    /**
     * Sends a record that failed (or could not even be attempted) to its next topic. A record too large to travel
     * with its headers is kept whole in Postgres, with a stub on the dead-letter topic in its place.
     */
    private Uni<Outcome> handOff(ConsumedRecord record, Throwable failure) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            DeliveryPolicy.Routed routed = policy.next(record, failure, now);
            return handOff.send(routed.record())
                    .onFailure(DeliveryAttempt::tooLarge).recoverWithUni(tooLarge -> keepOversized(record, routed, now))
                    .map(sent -> {
                        meters.counter("recharge.results.failures", "topic", record.topic(), "class",
                                routed.failureClass().code(), "to", sent.topic()).increment();
                        Log.warnf("Recharge result %s (attempt %d) not applied (%s: %s), handed to %s", record,
                                policy.attemptOn(record.topic()), routed.failureClass().code(), routed.error(),
                                sent.topic());
                        return new Outcome(null, sent.topic());
                    });
        }).onFailure().transform(sendFailure -> new HandOffFailedException(record, sendFailure));
    }

    private Uni<RecordMetadata> keepOversized(ConsumedRecord record, DeliveryPolicy.Routed routed, Instant now) {
        var stub = policy.oversizedStub(record, routed, now);
        return handOff.send(stub).call(sent -> isolated.run(() -> deadLetters.storeWhole(new ConsumedRecord(
                sent.topic(), sent.partition(), sent.offset(), Instant.ofEpochMilli(sent.timestamp()), record.key(),
                record.value(), record.signature(), RetryHeaders.read(stub.headers(), now)))));
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /** The broker did not take a failed record on: it must stay uncommitted and be tried again. */
    public static class HandOffFailedException extends RuntimeException {

        HandOffFailedException(ConsumedRecord record, Throwable cause) {
            super("could not hand " + record + " to its next topic: " + DeliveryPolicy.describe(cause,
                    FailureClass.TRANSIENT), cause);
        }
    }
}
