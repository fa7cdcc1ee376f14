package io.rechargenotify.recharge.domain;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finishes recharges left PENDING: the process died between the channel's answer and recording it, or the channel
 * did not answer. The channel is asked again (it is idempotent by txNo) and the outcome recorded with its outbox row;
 * completion locks the row, so this racing a slow request, or another replica, records it once.
 *
 * <p>Each claim pushes the recharge's next check out by a doubling back-off, so a recharge that cannot be completed
 * moves behind the others instead of blocking newer stale ones; those asked about many times are counted as stuck
 * ({@code recharge_pending_stuck}) for an operator, and how long the oldest has waited is
 * {@code recharge_pending_oldest_age_seconds} (both read from the database on this job's schedule, not per scrape).
 */
@ApplicationScoped
public class PendingRecovery {

    private final RechargeRepository recharges;
    private final RechargeService service;
    private final PaymentChannel channel;
    private final RechargeConfig.Recovery config;
    private final Clock clock;
    private final AtomicLong stuck = new AtomicLong();
    private final AtomicReference<Instant> oldestPending = new AtomicReference<>();

    public PendingRecovery(RechargeRepository recharges, RechargeService service, PaymentChannel channel,
            RechargeConfig config, Clock clock, MeterRegistry meters) {
        this.recharges = recharges;
        this.service = service;
        this.channel = channel;
        this.config = config.recovery();
        this.clock = clock;
        Gauge.builder("recharge.pending.stuck", stuck, AtomicLong::get)
                .description("PENDING recharges asked about at least recharge.recovery.stuck-after-checks times")
                .register(meters);
        // The age is taken at scrape time from the creation time the last run found, so it keeps growing between
        // runs (and while the database cannot be read) instead of standing still.
        Gauge.builder("recharge.pending.oldest.age.seconds", oldestPending, this::ageSeconds)
                .description("How long the oldest PENDING recharge has been pending (0 if none is)")
                .register(meters);
    }

    @Scheduled(every = "${recharge.recovery.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> recoverStalePending() {
        Instant now = clock.instant();
        return recharges.claimDuePending(now.minus(config.after()), now, config.batchSize(), config.firstRecheck(),
                config.maxRecheck())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::recover)
                        .collect().asList())
                .chain(() -> recharges.pendingStats(config.stuckAfterChecks()))
                .invoke(stats -> {
                    stuck.set(stats.stuck());
                    oldestPending.set(stats.oldestCreatedAt());
                })
                .onFailure().invoke(e -> Log.warnf("Recovery of PENDING recharges failed, retried next run: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Asks the channel and records its answer, within the check timeout; on any failure the recharge waits. */
    private Uni<Recharge> recover(Recharge pending) {
        NewRecharge request = new NewRecharge(pending.txNo, pending.accountNo, pending.amount, pending.currency);
        return channel.charge(pending.txNo, request)
                .chain(outcome -> service.complete(pending, outcome))
                .ifNoItem().after(config.checkTimeout()).fail()
                .invoke(done -> Log.infof("Recovered recharge %s left PENDING: %s", done.txNo, done.status))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Recharge %s stays PENDING, asked again after its back-off: %s", pending.txNo,
                            failure.getMessage());
                    return pending;
                });
    }

    private double ageSeconds(AtomicReference<Instant> oldest) {
        Instant created = oldest.get();
        return created == null ? 0 : Math.max(0, Duration.between(created, clock.instant()).toMillis() / 1000.0);
    }
}
