package io.rechargenotify.account.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges the reconciliation alerts watch, read from the stored runs on a schedule: in Kubernetes the runs happen
 * in the CronJob's pod, which is gone before anything scrapes it, and a restarted service must not forget them. Every
 * replica shows the same values (one database).
 */
@Startup
@ApplicationScoped
public class ReconciliationGauges {

    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(10);

    private final ReconciliationRunRepository runs;
    private final AtomicLong lastDiscrepancies = new AtomicLong();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    public ReconciliationGauges(ReconciliationRunRepository runs, MeterRegistry meters) {
        this.runs = runs;
        // Micrometer's global registry outlives a Quarkus app in the same JVM (the tests start several): a gauge of the
        // same name left by an earlier app would go on reading that app's state, so it is replaced.
        for (String name : List.of("reconciliation.last.discrepancies", "reconciliation.last.success.timestamp.seconds")) {
            meters.find(name).meters().forEach(meters::remove);
        }
        Gauge.builder("reconciliation.last.discrepancies", lastDiscrepancies, AtomicLong::get)
                .description("Discrepancies the last succeeded window reconciliation reported (repairs not counted)")
                .register(meters);
        Gauge.builder("reconciliation.last.success.timestamp.seconds", lastSuccessEpochSeconds, AtomicLong::get)
                .description("When the last succeeded reconciliation run finished, Unix time (0: none has yet)")
                .register(meters);
    }

    @Scheduled(every = "${account.reconciliation.metrics-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        // Bounded: a refresh that never answered would keep every later one from running (SKIP), the gauges frozen.
        return runs.lastSucceeded().ifNoItem().after(REFRESH_TIMEOUT).fail().invoke(last -> {
            lastDiscrepancies.set(last == null ? 0 : last.discrepancies());
            lastSuccessEpochSeconds.set(last == null ? 0 : last.finishedAt().getEpochSecond());
        }).onFailure().invoke(failure -> Log.debugf("Reconciliation gauges not refreshed, kept: %s", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
