package io.rechargenotify.account.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.support.IsolatedWork;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reconciliation runs: the stale-pending sweep and then the window reconciliation, with a stored report. One run at a
 * time across all replicas (a lease in Postgres, renewed while the run goes on); the schedule runs the last closed
 * window unless a run of it already succeeded, so replicas and restarts neither repeat nor miss a window. Blocking:
 * callers are a worker thread (schedule, API) or the main thread (one-shot mode).
 */
@ApplicationScoped
public class Reconciliations {

    static final String LEASE = "reconciliation";
    private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final PendingReconciler pending;
    private final WindowReconciler windows;
    private final ReconciliationRunRepository runs;
    private final IsolatedWork isolated;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AccountConfig.Reconciliation config;
    private final AtomicLong lastDiscrepancies = new AtomicLong();

    public Reconciliations(PendingReconciler pending, WindowReconciler windows, ReconciliationRunRepository runs,
            IsolatedWork isolated, ObjectMapper json, Clock clock, MeterRegistry meters, AccountConfig config) {
        this.pending = pending;
        this.windows = windows;
        this.runs = runs;
        this.isolated = isolated;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.config = config.reconciliation();
        meters.gauge("reconciliation.last.discrepancies", lastDiscrepancies);
    }

    public ReconciliationWindow lastClosedWindow() {
        return ReconciliationWindow.lastClosed(clock.instant(), config.window().length(), config.window().settle());
    }

    /**
     * Runs a reconciliation of {@code window} now and returns the stored run, SUCCEEDED or FAILED.
     *
     * @throws ReconciliationBusyException if another run holds the lease
     * @throws IllegalArgumentException if the window is not closed yet
     */
    public ReconciliationRun run(String trigger, ReconciliationWindow window) {
        Instant closedBefore = clock.instant().minus(config.window().settle());
        if (window.to().isAfter(closedBefore)) {
            throw new IllegalArgumentException("the window must have ended before " + closedBefore
                    + " (account.reconciliation.window.settle ago), so nothing in it is still on its way");
        }
        // Unique per run: replicas may share a host name, and one process may be asked twice at once.
        String holder = config.runner() + "/" + UUID.randomUUID().toString().substring(0, 8);
        if (!await(() -> runs.acquireLease(LEASE, holder, config.window().lease()))) {
            throw new ReconciliationBusyException("another reconciliation is running; try again when it has ended");
        }
        try {
            ReconciliationRun run = new ReconciliationRun();
            run.trigger = trigger;
            run.windowFrom = window.from();
            run.windowTo = window.to();
            run.status = ReconciliationRun.Status.RUNNING;
            run.runner = holder;
            run.startedAt = clock.instant();
            long id = await(() -> runs.start(run)).id;
            Log.infof("Reconciliation %d (%s) of [%s, %s) started by %s", id, trigger, window.from(), window.to(),
                    holder);
            return execute(id, trigger, window, holder);
        } finally {
            try {
                await(() -> runs.releaseLease(LEASE, holder));
            } catch (RuntimeException e) {
                Log.warnf("Reconciliation lease not released (it runs out by itself): %s", e.toString());
            }
        }
    }

    public ReconciliationRun find(long id) {
        ReconciliationRun run = await(() -> runs.get(id));
        if (run == null) {
            throw new ReconciliationNotFoundException(id);
        }
        return run;
    }

    /** The last closed window, unless a run of it already succeeded (or another replica is running). */
    @Scheduled(cron = "${account.reconciliation.window.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        ReconciliationWindow window = lastClosedWindow();
        try {
            if (!await(() -> runs.succeeded(window.from(), window.to()))) {
                run("schedule", window);
            }
        } catch (ReconciliationBusyException e) {
            Log.debugf("Scheduled reconciliation skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            Log.warnf("Scheduled reconciliation of [%s, %s) did not run: %s", window.from(), window.to(),
                    e.toString());
        }
    }

    private ReconciliationRun execute(long id, String trigger, ReconciliationWindow window, String holder) {
        Map<String, Integer> pendingChecks = Map.of();
        WindowReport windowReport = null;
        String error = null;
        try {
            pendingChecks = isolated.await(pending::sweep, SWEEP_TIMEOUT).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().code(), Map.Entry::getValue));
            windowReport = windows.reconcile(window.from(), window.to(), new LeaseHeartbeat(holder));
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            error = cause.toString();
            Log.errorf("Reconciliation %d of [%s, %s) failed: %s", id, window.from(), window.to(), error);
        }
        ReconciliationRun.Status status = error == null ? ReconciliationRun.Status.SUCCEEDED
                : ReconciliationRun.Status.FAILED;
        String report = toJson(new ReconciliationReport(pendingChecks, windowReport));
        String failure = error;
        ReconciliationRun run = await(() -> runs.finish(id, status, report, failure, clock.instant()));
        meters.counter("reconciliation.runs", "status", status.name().toLowerCase(Locale.ROOT),
                "trigger", trigger).increment();
        if (windowReport != null) {
            meters.counter("reconciliation.repaired", "kind", "window").increment(windowReport.repairedCount());
            meters.counter("reconciliation.discrepancies").increment(windowReport.discrepancyCount());
            lastDiscrepancies.set(windowReport.discrepancyCount());
        }
        return run;
    }

    private String toJson(ReconciliationReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report not serialisable", e);
        }
    }

    private <T> T await(Supplier<Uni<T>> work) {
        return isolated.await(work, DB_TIMEOUT);
    }

    /** Renews the lease at most every quarter of its length; throws if it was lost, which fails the run. */
    private final class LeaseHeartbeat implements Runnable {
        private final String holder;
        private Instant renewed = clock.instant();

        LeaseHeartbeat(String holder) {
            this.holder = holder;
        }

        @Override
        public void run() {
            Instant now = clock.instant();
            if (Duration.between(renewed, now).compareTo(config.window().lease().dividedBy(4)) < 0) {
                return;
            }
            if (!await(() -> runs.renewLease(LEASE, holder, config.window().lease()))) {
                throw new ReconciliationBusyException("the reconciliation lease ran out and was taken over");
            }
            renewed = now;
        }
    }
}
