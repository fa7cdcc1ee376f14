package io.rechargenotify.system.hostile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Probes a service's health endpoints every 200 ms on a background thread for as long as it runs and keeps every
 * answer that was not 200 (or no answer at all), and every run of failures Kubernetes would have acted on: as many in a
 * row as the manifests' failureThreshold (liveness 3: restart; readiness 2: out of the Service). One slow answer on a
 * busy machine is kept, but Kubernetes lets it pass, and so does this.
 */
final class HealthWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(200);
    private static final int MAX_KEPT = 50;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "health-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private final Map<URI, Integer> inARow = new ConcurrentHashMap<>();
    private final Queue<String> actedOn = new ConcurrentLinkedQueue<>();
    private final List<URI> endpoints;

    private HealthWatch(String baseUrl, List<String> paths, boolean watch) {
        this.endpoints = paths.stream().map(path -> URI.create(baseUrl + path)).toList();
        if (watch) {
            prober.scheduleWithFixedDelay(this::probe, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Watches liveness and readiness. */
    static HealthWatch liveAndReady(String baseUrl) {
        return new HealthWatch(baseUrl, List.of("/q/health/live", "/q/health/ready"), true);
    }

    /** Watches liveness only: for a fault (the database down) during which the service is rightly not ready. */
    static HealthWatch live(String baseUrl) {
        return new HealthWatch(baseUrl, List.of("/q/health/live"), true);
    }

    /**
     * Waits up to {@code within} until the service is live and ready and has stayed so for {@code steady} on end:
     * false if it never got there or did not stay (a crash loop is UP for moments at a time).
     */
    static boolean settlesHealthy(String baseUrl, Duration steady, Duration within) {
        HealthWatch once = new HealthWatch(baseUrl, List.of("/q/health/live", "/q/health/ready"), false);
        try {
            Awaitility.await("live and ready for " + steady + " on end").atMost(within).during(steady)
                    .pollInterval(EVERY).until(once::probeNow);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Probes every endpoint once: true if all answered 200. */
    private boolean probeNow() {
        int before = failureCount.get();
        probe();
        return failureCount.get() == before;
    }

    private void probe() {
        for (URI endpoint : endpoints) {
            probes.incrementAndGet();
            String failure;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                failure = response.statusCode() == 200 ? null : response.statusCode() + " " + response.body();
            } catch (IOException e) {
                failure = "no answer: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int failedInARow = failure == null ? 0 : inARow.merge(endpoint, 1, Integer::sum);
            if (failure == null) {
                inARow.remove(endpoint);
            } else if (failedInARow == failureThreshold(endpoint)) {
                actedOn.add(Instant.now() + " " + endpoint.getPath() + " failed " + failedInARow + " times in a row");
            }
            if (failure != null && failureCount.incrementAndGet() <= MAX_KEPT) {
                String oneLine = failure.replaceAll("\\s+", " ");
                failures.add(Instant.now() + " " + endpoint.getPath() + " "
                        + (oneLine.length() <= 400 ? oneLine : oneLine.substring(0, 400) + "…"));
            }
        }
    }

    /** As k8s/base: liveness restarts after 3 failures in a row, readiness takes a pod out after 2. */
    private static int failureThreshold(URI endpoint) {
        return endpoint.getPath().endsWith("/live") ? 3 : 2;
    }

    /** The runs of failures Kubernetes would have restarted the pod or taken it out of its Service for. */
    List<String> actedOn() {
        return new ArrayList<>(actedOn);
    }

    /** The failed probes so far (the first {@value #MAX_KEPT}). */
    List<String> failures() {
        return new ArrayList<>(failures);
    }

    int failureCount() {
        return failureCount.get();
    }

    int probes() {
        return probes.get();
    }

    @Override
    public void close() {
        prober.shutdownNow();
        try {
            prober.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
