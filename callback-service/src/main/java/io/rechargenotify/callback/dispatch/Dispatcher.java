package io.rechargenotify.callback.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.config.Durations;
import io.rechargenotify.callback.delivery.Attempt;
import io.rechargenotify.callback.delivery.ClaimedDelivery;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where callbacks are sent and retried: on every tick it claims due deliveries from Postgres (safe with several
 * replicas: claims skip each other's rows), calls each receiver without waiting for the others, and records the
 * outcome – acknowledged (any 2xx), due again after the schedule's next delay, or FAILED after the last.
 *
 * <p>Isolation: this instance has at most {@code maxInFlight} calls out, at most {@code perEndpointConcurrency} of them
 * to one endpoint, and claims fairly across endpoints, so a slow or dead receiver holds only its own slots. An endpoint
 * that keeps failing is paused by its circuit (callback.circuit.*: one probe per growing pause, its deliveries keep
 * their attempts) and disabled after callback.endpoints.disable-after without a 2xx, so a dead receiver costs a call
 * now and then. A dispatcher killed mid-call loses nothing: its claims' leases run out and the calls are made again (at
 * most the calls in flight are repeated, with the same {@code webhook-id}).
 *
 * <p>It claims on every poll, at once when intake planned deliveries ({@link #wake}), whenever a call ends (its slot,
 * and its endpoint's, is free again), and again right away while claims come back full.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    private final DeliveryRepository deliveries;
    private final Receivers receivers;
    private final Clock clock;
    private final MeterRegistry meters;
    private final CallbackConfig.Dispatch config;
    private final RetrySchedule schedule;
    private final Map<UUID, Integer> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger totalInFlight = new AtomicInteger();
    private final Timer latency;
    private final int failureThreshold;
    private final Duration disableAfter;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public Dispatcher(DeliveryRepository deliveries, Receivers receivers, Clock clock, MeterRegistry meters,
            CallbackConfig config) {
        this.deliveries = deliveries;
        this.receivers = receivers;
        this.clock = clock;
        this.meters = meters;
        this.config = config.dispatch();
        this.schedule = RetrySchedule.parse(this.config.retrySchedule(), this.config.jitter());
        this.failureThreshold = config.circuit().failureThreshold();
        this.disableAfter = config.endpoints().disableAfter();
        if (this.config.lease().compareTo(this.config.callTimeout().plus(this.config.statementTimeout())) <= 0) {
            throw new IllegalStateException("callback.dispatch.lease must be longer than call-timeout plus"
                    + " statement-timeout, or a call still running would be claimed again");
        }
        this.latency = Timer.builder("callback.attempt.latency").description("One callback HTTP attempt")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("callback.dispatch.in.flight", totalInFlight);
    }

    /** The poll: due retries and anything a wake-up missed (another instance's intake, a failed claim). */
    @Scheduled(every = "${callback.dispatch.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    /**
     * Looks for due deliveries now instead of at the next poll: called by intake when a result planned deliveries, and
     * when a call ends. Calls coalesce: at most one claim runs at a time, and wake-ups during it make it run once more,
     * so a burst of ended calls costs one or two claims, not one each.
     */
    public void wake() {
        wanted.set(true);
        if (claiming.compareAndSet(false, true)) {
            wanted.set(false);
            claimDue().subscribe().with(this::claimed, failure -> claimed(false));
        }
    }

    private void claimed(boolean more) {
        claiming.set(false);
        if (more || wanted.get()) {
            wake();
        }
    }

    /** One claim; true when it took all it asked for, so more may be due right now. */
    private Uni<Boolean> claimDue() {
        int free = Math.min(config.batchSize(), config.maxInFlight() - totalInFlight.get());
        if (free <= 0) {
            return Uni.createFrom().item(false);
        }
        Instant now = clock.instant();
        return Uni.createFrom().deferred(() -> deliveries.claim(now, now.plus(config.lease()), free,
                        config.perEndpointConcurrency(), Map.copyOf(inFlight)))
                .ifNoItem().after(config.statementTimeout())
                .failWith(() -> new TimeoutException("no claim within " + config.statementTimeout()))
                .invoke(claimed -> claimed.forEach(this::start))
                .map(claimed -> claimed.size() == free)
                .onFailure().invoke(failure -> Log.warnf("Claiming due deliveries failed (%s); next tick tries again",
                        failure.getMessage()))
                .onFailure().recoverWithItem(false);
    }

    private void start(ClaimedDelivery delivery) {
        inFlight.merge(delivery.endpointId(), 1, Integer::sum);
        totalInFlight.incrementAndGet();
        receivers.post(delivery)
                .chain(attempt -> record(delivery, attempt))
                .onTermination().invoke(() -> {
                    inFlight.computeIfPresent(delivery.endpointId(), (endpoint, calls) -> calls > 1 ? calls - 1
                            : null);
                    totalInFlight.decrementAndGet();
                    // Without this, deliveries held back by the per-endpoint limit would wait for the next poll.
                    wake();
                })
                .subscribe().with(ignored -> {
                }, failure -> Log.warnf("The outcome of %s was not recorded (%s); it is attempted again when its"
                        + " lease ends", delivery, failure.getMessage()));
    }

    private Uni<Void> record(ClaimedDelivery delivery, Attempt attempt) {
        latency.record(attempt.latencyMillis(), TimeUnit.MILLISECONDS);
        Instant next = null;
        String outcome = "acknowledged";
        if (!attempt.acknowledged()) {
            var delay = schedule.delayAfter(delivery.planAttempt());
            next = delay.map(pause -> clock.instant().plus(pause)).orElse(null);
            outcome = next == null ? "failed" : "retry";
            Log.infof("Callback %s to endpoint %s not acknowledged (%s); %s", delivery, delivery.endpointId(),
                    attempt.summary(), next == null ? "the schedule is over: FAILED" : "next attempt at " + next);
        }
        meters.counter("callback.deliveries.attempts", "outcome", outcome).increment();
        Duration timeout = config.statementTimeout();
        return deliveries.record(delivery, attempt, next, clock.instant()).ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("Postgres did not answer within " + timeout))
                .invoke(endpoint -> {
                    if (endpoint.disabledNow()) {
                        Log.warnf("Endpoint %s disabled: it has acknowledged nothing for %s; its deliveries wait"
                                + " until it is enabled", delivery.endpointId(), Durations.words(disableAfter));
                    } else if (endpoint.consecutiveFailures() == failureThreshold) {
                        Log.warnf("Endpoint %s failed %d times in a row: paused until %s, then probed with one"
                                + " delivery at a time", delivery.endpointId(), failureThreshold,
                                endpoint.pausedUntil());
                    }
                })
                .replaceWithVoid();
    }
}
