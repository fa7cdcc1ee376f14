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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reconciliation runs: the stale-pending sweep and then the window reconciliation, with a stored report. One run at a
 * time across all replicas (a lease in Postgres, renewed while the sweep and the window run); the schedule and the
 * one-shot mode catch up every closed window within {@code account.reconciliation.window.catch-up} that has no
 * succeeded run, oldest first, so replicas and restarts neither repeat a window nor miss one whose runs all failed.
 * Blocking: callers are a worker thread (schedule, API) or the main thread (one-shot mode).
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
    }

    public ReconciliationWindow lastClosedWindow() {
        return ReconciliationWindow.lastClosed(clock.instant(), config.window().length(), config.window().settle());
    }

    /**
     * Runs a reconciliation of {@code window} now for an operator, whether or not it succeeded before, and returns the
     * stored run, SUCCEEDED or FAILED.
     *
     * @throws ReconciliationBusyException if another run holds the lease
     * @throws IllegalArgumentException if the window is not closed yet
     */
    public ReconciliationRun run(String trigger, String startedBy, ReconciliationWindow window) {
        Instant closedBefore = clock.instant().minus(config.window().settle());
        if (window.to().isAfter(closedBefore)) {
            throw new IllegalArgumentException("the window must have ended before " + closedBefore
                    + " (account.reconciliation.window.settle ago), so nothing in it is still on its way");
        }
        return underLease(lease -> execute(trigger, startedBy, window, lease));
    }

    /**
     * Runs every closed window within the catch-up horizon that has no succeeded run, oldest first, one stored run
     * each; a failed window does not stop the later ones, a lost lease does. Empty if there was nothing to do.
     *
     * @throws ReconciliationBusyException if another run holds the lease, or took it over meanwhile
     */
    public List<ReconciliationRun> catchUp(String trigger) {
        // Looked at before the lease too, so an idle schedule does not compete with a run asked for by an operator.
        if (unreconciledWindows().isEmpty()) {
            return List.of();
        }
        return underLease(lease -> {
            List<ReconciliationRun> done = new ArrayList<>();
            for (ReconciliationWindow window : unreconciledWindows()) {
                // A window that failed because the lease was lost must not be followed by one run without it.
                lease.renew();
                done.add(execute(trigger, trigger, window, lease));
            }
            return done;
        });
    }

    /** Past runs, newest first (see {@link ReconciliationRunRepository#page}). */
    public Uni<List<RunSummary>> page(Optional<ReconciliationRun.Status> status, long beforeId, int limit) {
        return runs.page(status, beforeId, limit);
    }

    public ReconciliationRun find(long id) {
        ReconciliationRun run = await(() -> runs.get(id));
        if (run == null) {
            throw new ReconciliationNotFoundException(id);
        }
        return run;
    }

    /** Catches up the closed windows not yet reconciled; skipped while another replica runs. */
    @Scheduled(cron = "${account.reconciliation.window.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        try {
            catchUp("schedule");
        } catch (ReconciliationBusyException e) {
            Log.debugf("Scheduled reconciliation skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            Log.warnf("Scheduled reconciliation did not run: %s", e.toString());
        }
    }

    private List<ReconciliationWindow> unreconciledWindows() {
        return ReconciliationWindow.closedWithin(clock.instant(), config.window().length(), config.window().settle(),
                        config.window().catchUp()).stream()
                .filter(window -> !await(() -> runs.succeeded(window.from(), window.to())))
                .toList();
    }

    private <T> T underLease(Function<Lease, T> work) {
        // Unique per run: replicas may share a host name, and one process may be asked twice at once.
        String holder = config.runner() + "/" + UUID.randomUUID().toString().substring(0, 8);
        if (!await(() -> runs.acquireLease(LEASE, holder, config.window().lease()))) {
            throw new ReconciliationBusyException("another reconciliation is running; try again when it has ended");
        }
        try {
            return work.apply(new Lease(holder));
        } finally {
            try {
                await(() -> runs.releaseLease(LEASE, holder));
            } catch (RuntimeException e) {
                Log.warnf("Reconciliation lease not released (it runs out by itself): %s", e.toString());
            }
        }
    }

    private ReconciliationRun execute(String trigger, String startedBy, ReconciliationWindow window, Lease lease) {
        ReconciliationRun started = new ReconciliationRun();
        started.trigger = trigger;
        started.startedBy = startedBy;
        started.windowFrom = window.from();
        started.windowTo = window.to();
        started.status = ReconciliationRun.Status.RUNNING;
        started.runner = lease.holder;
        started.startedAt = clock.instant();
        long id = await(() -> runs.start(started)).id;
        Log.infof("Reconciliation %d (%s) of [%s, %s) started by %s on %s", id, trigger, window.from(), window.to(),
                startedBy, lease.holder);
        Map<String, Integer> pendingChecks = Map.of();
        WindowReport windowReport = null;
        String error = null;
        try {
            pendingChecks = sweep(lease).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().code(), Map.Entry::getValue));
            windowReport = windows.reconcile(window.from(), window.to(), lease::renewIfDue);
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
        }
        return run;
    }

    /**
     * The stale-pending sweep, renewing the lease while it goes on: one slow check or a long backlog may take longer
     * than the lease, which must not let a second runner start. A lost lease (or the time limit) cancels the sweep:
     * no further batch is claimed.
     */
    private Map<PendingCheck, Integer> sweep(Lease lease) {
        CompletableFuture<Map<PendingCheck, Integer>> sweep = isolated.run(pending::sweep)
                .subscribeAsCompletionStage();
        long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    return sweep.get(lease.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new CompletionException("stale-pending sweep not done within " + SWEEP_TIMEOUT,
                                stillRunning);
                    }
                    lease.renew();
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while sweeping", e);
        } finally {
            sweep.cancel(true);
        }
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

    /**
     * The lease one run (or catch-up) holds. Renewal is timed by the monotonic clock, not the application's: the
     * lease runs out on the database's clock, whatever time the application is told it is (tests move it).
     */
    private final class Lease {
        private final String holder;
        private long renewedAt = System.nanoTime();

        Lease(String holder) {
            this.holder = holder;
        }

        Duration renewEvery() {
            return config.window().lease().dividedBy(4);
        }

        /** Renews the lease if a quarter of it has passed since the last renewal. */
        void renewIfDue() {
            if (System.nanoTime() - renewedAt >= renewEvery().toNanos()) {
                renew();
            }
        }

        /** Extends the lease; throws if it ran out and another runner took it, which fails the run. */
        void renew() {
            long now = System.nanoTime();
            if (!await(() -> runs.renewLease(LEASE, holder, config.window().lease()))) {
                throw new ReconciliationBusyException("the reconciliation lease ran out and was taken over");
            }
            renewedAt = now;
        }
    }
}
