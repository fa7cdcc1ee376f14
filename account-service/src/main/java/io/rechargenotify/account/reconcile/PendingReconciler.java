package io.rechargenotify.account.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.config.AccountConfig.Reconciliation.NotFoundPolicy;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.recharge.AccountRecharge;
import io.rechargenotify.account.recharge.AccountRechargeRepository;
import io.rechargenotify.account.recharge.AccountRechargeService;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import io.rechargenotify.account.rechargeapi.RechargeGateway;
import io.rechargenotify.account.rechargeapi.RemoteRecharge;
import io.rechargenotify.account.support.IsolatedWork;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stale-pending reconciliation: every recharge started here that is still PENDING after
 * {@code account.reconciliation.pending.after} is asked about, one by one (主动查询). SUCCEEDED credits through the
 * ledger (source reconciliation, deduplicated against the notification), FAILED closes, still PENDING is asked again
 * later with a widening pause, unknown past the grace period is resubmitted with its txNo or closed (per config). A
 * failed question changes nothing but the time of the next one.
 *
 * <p>Replicas share the work without overlap: a sweep claims due recharges with {@code FOR UPDATE SKIP LOCKED} and
 * pushes their next check forward by a lease in the same transaction, so no other replica takes them meanwhile and
 * a crashed replica's claims run out by themselves.
 */
@ApplicationScoped
public class PendingReconciler {

    /** Who checks in the sweep (schedule or reconciliation run), as recorded beside the caller of an active query. */
    static final String SWEEP = "reconciler";

    private final AccountRechargeRepository recharges;
    private final AccountRechargeService service;
    private final RechargeGateway gateway;
    private final Ledger ledger;
    private final IsolatedWork isolated;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AccountConfig.Reconciliation.Pending config;
    private final AtomicLong pendingCount = new AtomicLong();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();

    public PendingReconciler(AccountRechargeRepository recharges, AccountRechargeService service,
            RechargeGateway gateway, Ledger ledger, IsolatedWork isolated, Clock clock, MeterRegistry meters, AccountConfig config) {
        this.recharges = recharges;
        this.service = service;
        this.gateway = gateway;
        this.ledger = ledger;
        this.isolated = isolated;
        this.clock = clock;
        this.meters = meters;
        this.config = config.reconciliation().pending();
        Gauge.builder("account.recharges.pending", pendingCount, AtomicLong::get)
                .description("Recharges started here and still PENDING").register(meters);
        Gauge.builder("account.recharges.pending.oldest.age.seconds", oldestPending, this::ageSeconds)
                .description("How long the oldest PENDING recharge has been pending").register(meters);
    }

    @Scheduled(every = "${account.reconciliation.pending.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweepOnSchedule() {
        return sweep().invoke(counts -> {
            if (!counts.isEmpty()) {
                Log.infof("Stale-pending reconciliation: %s", counts);
            }
        }).onFailure().invoke(failure -> Log.warnf("Stale-pending reconciliation stopped: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Checks every due PENDING recharge, a claimed batch at a time, until none is due; returns what it did. */
    public Uni<Map<PendingCheck, Integer>> sweep() {
        Map<PendingCheck, Integer> counts = new EnumMap<>(PendingCheck.class);
        return Multi.createBy().repeating().uni(this::claimDue).until(List::isEmpty)
                .onItem().transformToMultiAndConcatenate(batch -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUni(recharge -> isolated.run(() -> check(recharge, SWEEP)))
                        .merge(config.concurrency()))
                .invoke(outcome -> counts.merge(outcome, 1, Integer::sum))
                .collect().last()
                .replaceWith(counts);
    }

    /** The active query (主动查询) of one recharge, now, whenever it is due, for a caller: what it found. */
    public Uni<PendingCheck> checkNow(AccountRecharge recharge, String caller) {
        return recharge.status == AccountRechargeStatus.PENDING
                ? check(recharge, caller)
                : Uni.createFrom().item(PendingCheck.ALREADY_RESOLVED);
    }

    @Scheduled(every = "10s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @WithSession
    Uni<Void> refreshGauges() {
        return recharges.pendingStats().invoke(stats -> {
            pendingCount.set(stats.count());
            oldestPending.set(stats.oldestCreatedAt());
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims due recharges: locked past other replicas, then leased by moving their next check forward. */
    @WithTransaction
    Uni<List<AccountRecharge>> claimDue() {
        Instant now = clock.instant();
        return recharges.lockDue(now, config.batchSize()).invoke(batch -> batch.forEach(
                recharge -> recharge.nextCheckAt = now.plus(config.lease())));
    }

    private Uni<PendingCheck> check(AccountRecharge recharge, String checkedBy) {
        return gateway.find(recharge.txNo)
                .chain(remote -> remote.isPresent() ? found(recharge, remote.get(), checkedBy)
                        : notFound(recharge, checkedBy))
                .onFailure().recoverWithUni(failure -> {
                    Log.debugf("Recharge %s not checked, stays PENDING: %s", recharge.txNo, failure.toString());
                    return recordCheck(recharge, PendingCheck.QUERY_FAILED, "query failed: " + failure,
                            recheckAt(recharge), recharge.notFoundSince, checkedBy);
                })
                .invoke(outcome -> meters.counter("reconciliation.pending.checks", "outcome", outcome.code())
                        .increment());
    }

    private Uni<PendingCheck> found(AccountRecharge recharge, RemoteRecharge remote, String checkedBy) {
        if (!remote.txNo().equals(recharge.txNo) || !remote.accountNo().equals(recharge.accountNo)
                || remote.amount().compareTo(recharge.amount) != 0 || !remote.currency().equals(recharge.currency)) {
            Log.errorf("Recharge %s differs at recharge-service (%s %s for %s): left PENDING for an operator",
                    recharge.txNo, remote.amount(), remote.currency(), remote.accountNo());
            return recordCheck(recharge, PendingCheck.MISMATCH, "differs at recharge-service: " + remote.amount()
                    + " " + remote.currency() + " for " + remote.accountNo(), latestRecheck(), null, checkedBy);
        }
        if (!remote.completed()) {
            return recordCheck(recharge, PendingCheck.STILL_PENDING, "PENDING at recharge-service",
                    recheckAt(recharge), null, checkedBy);
        }
        return ledger.apply(remote.toEvent(), LedgerSource.RECONCILIATION, remote.failureReason())
                .map(applied -> switch (applied) {
                    case CREDITED -> PendingCheck.CREDITED;
                    case RECORDED_FAILURE -> PendingCheck.CLOSED_FAILED;
                    case DUPLICATE -> PendingCheck.ALREADY_RESOLVED;
                })
                .call(outcome -> recordCheck(recharge, outcome, remote.status() + " at recharge-service",
                        recharge.nextCheckAt, null, checkedBy))
                .invoke(outcome -> {
                    if (outcome != PendingCheck.ALREADY_RESOLVED) {
                        meters.counter("reconciliation.repaired", "kind", "pending").increment();
                        Log.infof("Recharge %s resolved by reconciliation (%s): %s", recharge.txNo, checkedBy, outcome);
                    }
                });
    }

    private Uni<PendingCheck> notFound(AccountRecharge recharge, String checkedBy) {
        Instant now = clock.instant();
        Instant since = recharge.notFoundSince != null ? recharge.notFoundSince : now;
        Instant graceEnds = since.plus(config.notFoundGrace());
        if (now.isBefore(graceEnds)) {
            Instant next = recheckAt(recharge);
            return recordCheck(recharge, PendingCheck.NOT_FOUND_WAITING, "unknown to recharge-service",
                    next.isAfter(graceEnds) ? graceEnds : next, since, checkedBy);
        }
        if (config.notFound() == NotFoundPolicy.CLOSE) {
            return service.close(recharge.txNo, "unknown to recharge-service for " + config.notFoundGrace())
                    .replaceWith(PendingCheck.CLOSED_NOT_FOUND);
        }
        // Submitted again with the same txNo: a submission that was lost (or a crash before it) is made good, and
        // one that arrives late after all is answered with the stored recharge.
        return service.submit(recharge)
                .chain(() -> recordCheck(recharge, PendingCheck.RESUBMITTED, "resubmitted: unknown to "
                        + "recharge-service for " + Duration.between(since, now), now.plus(config.recheck()), null,
                        checkedBy));
    }

    private Uni<PendingCheck> recordCheck(AccountRecharge recharge, PendingCheck outcome, String note,
            Instant nextCheckAt, Instant notFoundSince, String checkedBy) {
        return recharges.recordCheck(recharge.txNo, clock.instant(), note, nextCheckAt, notFoundSince, checkedBy)
                .replaceWith(outcome);
    }

    /** The next check of a recharge still unresolved: the pause doubles with every check, up to the maximum. */
    private Instant recheckAt(AccountRecharge recharge) {
        Duration pause = config.recheck().multipliedBy(1L << Math.min(recharge.checks, 16));
        return clock.instant().plus(pause.compareTo(config.recheckMax()) > 0 ? config.recheckMax() : pause);
    }

    private Instant latestRecheck() {
        return clock.instant().plus(config.recheckMax());
    }

    private double ageSeconds(AtomicReference<Instant> oldest) {
        Instant created = oldest.get();
        return created == null ? 0 : Math.max(0, Duration.between(created, clock.instant()).toMillis() / 1000.0);
    }
}
