package io.rechargenotify.callback.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.delivery.Attempt;
import io.rechargenotify.callback.delivery.ClaimedDelivery;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where callbacks are sent and retried: on every tick it claims due deliveries from Postgres (safe with several
 * replicas: claims skip each other's rows), calls each receiver without waiting for the others, and records the
 * outcome – acknowledged (any 2xx), due again after the schedule's next delay, or FAILED after the last.
 *
 * <p>Isolation: this instance has at most {@code maxInFlight} calls out, at most {@code perEndpointConcurrency} of them
 * to one endpoint, and claims fairly across endpoints, so a slow or dead receiver holds only its own slots. A
 * dispatcher killed mid-call loses nothing: its claims' leases run out and the calls are made again (at most the calls
 * in flight are repeated, with the same {@code webhook-id}).
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

    public Dispatcher(DeliveryRepository deliveries, Receivers receivers, Clock clock, MeterRegistry meters,
            CallbackConfig config) {
        this.deliveries = deliveries;
        this.receivers = receivers;
        this.clock = clock;
        this.meters = meters;
        this.config = config.dispatch();
        this.schedule = RetrySchedule.parse(this.config.retrySchedule(), this.config.jitter());
        if (this.config.lease().compareTo(this.config.callTimeout().plus(this.config.statementTimeout())) <= 0) {
            throw new IllegalStateException("callback.dispatch.lease must be longer than call-timeout plus"
                    + " statement-timeout, or a call still running would be claimed again");
        }
        this.latency = Timer.builder("callback.attempt.latency").description("One callback HTTP attempt")
                .publishPercentiles(0.5, 0.99).register(meters);
        meters.gauge("callback.dispatch.in.flight", totalInFlight);
    }

    @Scheduled(every = "${callback.dispatch.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dispatchDue() {
        int free = Math.min(config.batchSize(), config.maxInFlight() - totalInFlight.get());
        if (free <= 0) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, Integer> remaining = new HashMap<>();
        inFlight.forEach((endpoint, calls) -> remaining.put(endpoint,
                Math.max(0, config.perEndpointConcurrency() - calls)));
        Instant now = clock.instant();
        return deliveries.claim(now, now.plus(config.lease()), free, config.perEndpointConcurrency(), remaining)
                .ifNoItem().after(config.statementTimeout())
                .failWith(() -> new TimeoutException("no claim within " + config.statementTimeout()))
                .invoke(claimed -> claimed.forEach(this::start))
                .onFailure().invoke(failure -> Log.warnf("Claiming due deliveries failed (%s); next tick tries again",
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
            var delay = schedule.delayAfter(delivery.attempt());
            next = delay.map(pause -> clock.instant().plus(pause)).orElse(null);
            outcome = next == null ? "failed" : "retry";
            Log.infof("Callback %s to endpoint %s not acknowledged (%s); %s", delivery, delivery.endpointId(),
                    attempt.summary(), next == null ? "the schedule is over: FAILED" : "next attempt at " + next);
        }
        meters.counter("callback.deliveries.attempts", "outcome", outcome).increment();
        Duration timeout = config.statementTimeout();
        return deliveries.record(delivery, attempt, next).ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("Postgres did not answer within " + timeout));
    }
}
