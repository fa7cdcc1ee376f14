package io.rechargenotify.account.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.account.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
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

    /** What became of the record (the ledger's answer, or where it was handed), on its process and credit spans. */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("ledger.outcome");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("ledger.source");
    /** Why the records of a poll were not applied together (and went one at a time). */
    static final AttributeKey<String> BATCH_SPLIT = AttributeKey.stringKey("ledger.batch.split");

    private final Ledger ledger;
    private final HandOff handOff;
    private final DeliveryPolicy policy;
    private final DeadLetterRecorder deadLetters;
    private final IsolatedWork isolated;
    private final EventVerifier verifier;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration attemptTimeout;
    private final MessageTracing tracing;

    public DeliveryAttempt(Ledger ledger, HandOff handOff, DeliveryPolicy policy, DeadLetterRecorder deadLetters,
            IsolatedWork isolated, EventVerifier verifier, Clock clock, MeterRegistry meters, AccountConfig config,
            MessageTracing tracing) {
        this.ledger = ledger;
        this.handOff = handOff;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.isolated = isolated;
        this.verifier = verifier;
        this.clock = clock;
        this.meters = meters;
        this.attemptTimeout = config.delivery().attemptTimeout();
        this.tracing = tracing;
    }

    /** What became of a record: applied (with the ledger's answer) or handed to another topic. */
    public record Outcome(Applied applied, String handedTo) {
    }

    /**
     * Called on the attempt's own Vert.x context ({@link IsolatedWork}): the attempt's span is made current there, so
     * the ledger's statements and the hand-off join the record's trace, and the MDC of that context labels the
     * attempt's log lines with the recharge.
     */
    public Uni<Outcome> run(ConsumedRecord record, LedgerSource source) {
        Span span = tracing.startProcess(record.topic(), record.partition(), record.offset(), record.trace());
        // A timeout fails on a Mutiny thread: the hand-off still starts back on this attempt's context (its MDC).
        io.vertx.core.Context attemptContext = Vertx.currentContext();
        // Current on the attempt's own context only: on a plain thread the scope would be the thread's, and the end of
        // the attempt (on another thread) could not close it.
        Scope current = attemptContext != null ? span.makeCurrent() : Scope.noop();
        Executor onAttemptContext = attemptContext == null ? Runnable::run
                : task -> attemptContext.runOnContext(ignored -> task.run());
        return Uni.createFrom().deferred(() -> apply(record, source, span))
                .map(applied -> {
                    processed(record, applied);
                    return new Outcome(applied, null);
                })
                .onFailure().recoverWithUni(failure -> handOff(record, failure, span)
                        .runSubscriptionOn(onAttemptContext))
                .onTermination().invoke((outcome, failure, cancelled) -> {
                    if (outcome != null) {
                        span.setAttribute(OUTCOME, outcome.applied() != null ? outcome.applied().name()
                                : "HANDED_TO " + outcome.handedTo());
                    }
                    MessageTracing.end(span, failure);
                    current.close();
                    RechargeLogContext.clear();
                });
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
        // Each record keeps its own trace: a process span and a credit span per record, all ending with the one
        // transaction they share.
        List<Span> spans = new ArrayList<>(together.size());
        List<Span> credits = new ArrayList<>(together.size());
        for (int i = 0; i < together.size(); i++) {
            ConsumedRecord record = together.get(i);
            Span span = tracing.startProcess(record.topic(), record.partition(), record.offset(), record.trace());
            spans.add(span);
            credits.add(startCredit(span, events.get(i), source));
        }
        return isolated.run(() -> ledger.applyAll(events, source)).ifNoItem().after(attemptTimeout)
                .failWith(() -> new TimeoutException("the ledger did not answer within " + attemptTimeout))
                .onFailure().invoke(failure -> {
                    // The shared transaction's failure, not each record's: they are attempted alone next, each in a
                    // span of its own, where a record's own failure shows.
                    for (int i = 0; i < spans.size(); i++) {
                        credits.get(i).setAttribute(BATCH_SPLIT, String.valueOf(failure.getMessage())).end();
                        spans.get(i).setAttribute(BATCH_SPLIT, String.valueOf(failure.getMessage())).end();
                    }
                })
                .onCancellation().invoke(() -> {
                    credits.forEach(Span::end);
                    spans.forEach(Span::end);
                })
                .map(outcomes -> { // committed: count now, not before
                    for (int i = 0; i < together.size(); i++) {
                        RechargeResultEvent event = events.get(i);
                        Applied applied = outcomes.get(i);
                        try (Scope ignored = spans.get(i).makeCurrent()) {
                            RechargeLogContext.put(event.txNo(), event.accountNo(), event.eventId());
                            ledger.count(event, source, applied);
                        } finally {
                            RechargeLogContext.clear();
                        }
                        processed(together.get(i), applied);
                        credits.get(i).setAttribute(OUTCOME, applied.name());
                        spans.get(i).setAttribute(OUTCOME, applied.name());
                        credits.get(i).end();
                        spans.get(i).end();
                    }
                    return alone;
                });
    }

    /** The span of one result's ledger transaction: a child of the record's process span, named by the recharge. */
    private Span startCredit(Span process, RechargeResultEvent event, LedgerSource source) {
        MessageTracing.describe(process, event.txNo(), event.accountNo(), event.eventId());
        Span credit = tracing.startStep("ledger credit", Context.root().with(process));
        MessageTracing.describe(credit, event.txNo(), event.accountNo(), event.eventId());
        credit.setAttribute(SOURCE, source.name());
        return credit;
    }

    private void processed(ConsumedRecord record, Applied applied) {
        meters.counter("recharge.results.processed", "topic", record.topic(), "outcome",
                applied.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Uni<Applied> apply(ConsumedRecord record, LedgerSource source, Span span) {
        // Proven to come from recharge-service before anything is read from it: a forged record never reaches the
        // ledger, so it cannot claim a txNo that the genuine result would then find taken.
        verifier.verify(record.value(), record.signature());
        var event = EventCodec.decode(record.value());
        RechargeLogContext.put(event.txNo(), event.accountNo(), event.eventId());
        Span credit = startCredit(span, event, source);
        return ledger.apply(event, source).ifNoItem().after(attemptTimeout)
                .failWith(() -> new TimeoutException("the ledger did not answer within " + attemptTimeout))
                .onItemOrFailure().invoke((applied, failure) -> {
                    if (applied != null) {
                        credit.setAttribute(OUTCOME, applied.name());
                    }
                    MessageTracing.end(credit, failure);
                });
    }

    /**
     * Sends a record that failed (or could not even be attempted) to its next topic. A record too large to travel
     * with its headers is kept whole in Postgres, with a stub on the dead-letter topic in its place.
     */
    private Uni<Outcome> handOff(ConsumedRecord record, Throwable failure, Span span) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            DeliveryPolicy.Routed routed = policy.next(record, failure, now);
            // The next attempt (a retry topic's consumer, or the dead-letter recorder) continues this trace.
            Span publish = tracing.startPublish(routed.record().topic(), routed.record().key(),
                    Context.root().with(span));
            MessageTracing.inject(publish, routed.record().headers());
            return handOff.send(routed.record())
                    .onFailure(DeliveryAttempt::tooLarge).recoverWithUni(tooLarge -> keepOversized(record, routed, now,
                            publish))
                    .onItemOrFailure().invoke((sent, sendFailure) -> MessageTracing.end(publish, sendFailure))
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

    private Uni<RecordMetadata> keepOversized(ConsumedRecord record, DeliveryPolicy.Routed routed, Instant now,
            Span publish) {
        var stub = policy.oversizedStub(record, routed, now);
        MessageTracing.inject(publish, stub.headers());
        return handOff.send(stub).call(sent -> isolated.run(() -> deadLetters.storeWhole(new ConsumedRecord(
                sent.topic(), sent.partition(), sent.offset(), Instant.ofEpochMilli(sent.timestamp()), record.key(),
                record.value(), record.signature(), RetryHeaders.read(stub.headers(), now), record.trace()))));
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
