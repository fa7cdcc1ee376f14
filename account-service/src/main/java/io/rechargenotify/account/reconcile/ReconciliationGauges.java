package io.rechargenotify.account.reconcile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges the reconciliation alerts watch, read from the stored runs on a schedule: in Kubernetes the runs happen
 * in the CronJob's pod, which is gone before anything scrapes it, and a restarted service must not forget them. Every
 * replica shows the same values (one database).
 */
@Startup
@ApplicationScoped
public class ReconciliationGauges {

    private final ReconciliationRunRepository runs;
    private final AtomicLong lastDiscrepancies = new AtomicLong();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    public ReconciliationGauges(ReconciliationRunRepository runs, MeterRegistry meters) {
        this.runs = runs;
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
        return runs.lastSucceeded().invoke(last -> {
            lastDiscrepancies.set(last == null ? 0 : last.discrepancies());
            lastSuccessEpochSeconds.set(last == null ? 0 : last.finishedAt().getEpochSecond());
        }).onFailure().invoke(failure -> Log.debugf("Reconciliation gauges not refreshed, kept: %s", failure))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
