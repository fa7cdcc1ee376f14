package io.rechargenotify.account.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Lists, inspects and replays dead letters. A replay sends the recorded result through the ledger like any other
 * delivery (source {@code replay}), so deduplication still holds: replaying a result that was credited meanwhile
 * changes nothing. Its signature is checked again, so a record written straight to the dead-letter topic is never
 * credited by an operator's (bulk) replay. A replay that fails leaves the dead letter open and says why.
 */
@ApplicationScoped
public class DeadLetterService {

    private final DeadLetterRepository deadLetters;
    private final Ledger ledger;
    private final EventVerifier verifier;
    private final Clock clock;
    private final AtomicLong open = new AtomicLong();

    public DeadLetterService(DeadLetterRepository deadLetters, Ledger ledger, EventVerifier verifier, Clock clock,
            MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.verifier = verifier;
        this.clock = clock;
        Gauge.builder("recharge.results.dead.letters", open, AtomicLong::get)
                .description("Dead letters not yet replayed").register(meters);
    }

    @WithSession
    public Uni<List<DeadLetter>> page(long after, int limit, Optional<String> accountNo, Optional<UUID> txNo,
            boolean openOnly) {
        return deadLetters.page(after, limit, accountNo, txNo, openOnly);
    }

    @WithSession
    public Uni<DeadLetter> find(long id) {
        return deadLetters.findById(id).onItem().ifNull().failWith(() -> new DeadLetterNotFoundException(id));
    }

    /** Replays one dead letter for an operator; a replayed one answers with its earlier result (and replayer). */
    @WithTransaction
    public Uni<DeadLetter> replay(long id, String operator) {
        // Locked, so a single and a bulk replay of one dead letter cannot both apply it and overwrite each other.
        return deadLetters.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new DeadLetterNotFoundException(id))
                .chain(letter -> letter.replayedAt != null ? Uni.createFrom().item(letter) : apply(letter, operator));
    }

    /**
     * Replays the open dead letters of an account (or all), oldest first, each in its own transaction – except those
     * refused for their signature (see {@link DeadLetterRepository#bulkReplayable}).
     */
    public Uni<ReplaySummary> replayAll(Optional<String> accountNo, int limit, String operator) {
        return Panache.withSession(() -> deadLetters.bulkReplayable(accountNo, limit))
                .chain(letters -> Multi.createFrom().iterable(letters)
                        .onItem().transformToUniAndConcatenate(letter -> replay(letter.id, operator)
                                .map(replayed -> ReplaySummary.Outcome.replayed(replayed))
                                .onFailure(ReplayFailedException.class)
                                .recoverWithItem(failure -> ReplaySummary.Outcome.failed(letter.id,
                                        failure.getMessage())))
                        .collect().asList())
                .map(ReplaySummary::of);
    }

    @Scheduled(every = "10s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @WithSession
    Uni<Void> refreshOpenCount() {
        return deadLetters.countOpen().invoke(open::set)
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<DeadLetter> apply(DeadLetter letter, String operator) {
        // Checked again: whoever wrote to the dead-letter topic must not get an operator to credit it.
        return Uni.createFrom().item(() -> {
            verifier.verifyStrictly(letter.payload, letter.signature);
            return EventCodec.decode(letter.payload);
        })
                .chain(event -> ledger.apply(event, LedgerSource.REPLAY))
                .onFailure().transform(failure -> new ReplayFailedException(letter.id, failure))
                .map(applied -> {
                    letter.replayedAt = clock.instant();
                    letter.replayResult = applied.name();
                    letter.replayedBy = operator;
                    Log.infof("Dead letter %d (txNo %s) replayed by %s: %s", letter.id, letter.txNo, operator,
                            applied);
                    return letter;
                });
    }

    /** What a bulk replay did. */
    public record ReplaySummary(int replayed, int credited, int duplicates, List<Outcome> failed) {

        static ReplaySummary of(List<Outcome> outcomes) {
            List<Outcome> failed = outcomes.stream().filter(o -> o.error() != null).toList();
            return new ReplaySummary(outcomes.size() - failed.size(),
                    (int) outcomes.stream().filter(o -> o.result() == Applied.CREDITED).count(),
                    (int) outcomes.stream().filter(o -> o.result() == Applied.DUPLICATE).count(),
                    failed);
        }

        /** One dead letter's replay: its result, or the error that kept it open. */
        @Schema(name = "ReplayOutcome")
        public record Outcome(long id,
                @Schema(nullable = true) Applied result,
                @Schema(nullable = true, description = "Why it stays open") String error) {
            static Outcome replayed(DeadLetter letter) {
                return new Outcome(letter.id, Applied.valueOf(letter.replayResult), null);
            }

            static Outcome failed(long id, String error) {
                return new Outcome(id, null, error);
            }
        }
    }
}
