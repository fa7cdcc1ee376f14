package io.rechargenotify.recharge.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the outbox bounded (retention of published rows) and observable (backlog, age, parked gauges). */
@ApplicationScoped
public class OutboxHousekeeping {

    private final Outbox outbox;
    private final RechargeConfig.Relay config;
    private final Clock clock;
    private final AtomicReference<OutboxStats> stats = new AtomicReference<>(new OutboxStats(0, null, 0));

    public OutboxHousekeeping(Outbox outbox, RechargeConfig config, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.config = config.relay();
        this.clock = clock;
        Gauge.builder("outbox.backlog", stats, s -> s.get().backlog())
                .description("Outbox rows not yet published (parked rows excluded)").register(meters);
        Gauge.builder("outbox.oldest.unpublished.age.seconds", stats, s -> oldestAgeSeconds(s.get()))
                .description("Age of the oldest outbox row not yet published, 0 when there is none")
                .register(meters);
        Gauge.builder("outbox.parked", stats, s -> s.get().parked())
                .description("Outbox rows parked because the broker cannot accept them").register(meters);
    }

    /** Rows still to publish at the last refresh of the gauges. */
    public long backlog() {
        return stats.get().backlog();
    }

    @Scheduled(every = "${recharge.relay.stats-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @WithSession
    Uni<Void> refreshStats() {
        return outbox.stats().invoke(stats::set)
                .onFailure().invoke(e -> Log.debugf("Outbox stats not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes published rows older than the retention, a chunk per transaction, until none is left. */
    @Scheduled(every = "${recharge.relay.retention-sweep-interval}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        Instant cutoff = clock.instant().minus(config.retention());
        return Uni.createFrom().deferred(() -> deleteChunk(cutoff))
                .repeat().whilst(deleted -> deleted == config.retentionChunk())
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue))
                .invoke(total -> {
                    if (total > 0) {
                        Log.infof("Outbox retention deleted %d rows published before %s", total, cutoff);
                    }
                })
                .onFailure().invoke(e -> Log.warnf("Outbox retention sweep failed, retried next time: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @WithTransaction
    Uni<Integer> deleteChunk(Instant cutoff) {
        return outbox.deletePublishedBefore(cutoff, config.retentionChunk());
    }

    private double oldestAgeSeconds(OutboxStats snapshot) {
        return snapshot.oldestUnpublished() == null ? 0
                : Duration.between(snapshot.oldestUnpublished(), clock.instant()).toMillis() / 1000.0;
    }
}
