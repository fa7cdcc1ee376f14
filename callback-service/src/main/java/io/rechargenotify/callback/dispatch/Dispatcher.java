package io.rechargenotify.callback.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.config.Durations;
import io.rechargenotify.callback.delivery.Attempt;
import io.rechargenotify.callback.delivery.ClaimedDelivery;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.rechargenotify.callback.support.OwnContext;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
 *
 * <p>Each attempt is a span "callback deliver" in the trace of the intake that planned the delivery (its stored
 * traceparent: the same trace hours later, after restarts, or after an operator's resend), and runs on a Vert.x context
 * of its own, where that span is current (the attempt's statements nest under it) and the MDC names the recharge.
 */
@Startup
@ApplicationScoped
public class Dispatcher {

    static final AttributeKey<String> ENDPOINT_ID = AttributeKey.stringKey("callback.endpoint.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("callback.attempt");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_KIND = AttributeKey.stringKey("error.type");
    /** acknowledged, retry (due again later) or failed (the schedule is over), as the attempts counter. */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("callback.outcome");

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
    private final MessageTracing tracing;
    private final OwnContext contexts;

    public Dispatcher(DeliveryRepository deliveries, Receivers receivers, Clock clock, MeterRegistry meters,
            CallbackConfig config, MessageTracing tracing, OwnContext contexts) {
        this.deliveries = deliveries;
        this.receivers = receivers;
        this.clock = clock;
        this.meters = meters;
        this.tracing = tracing;
        this.contexts = contexts;
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
            // Not in the trace, nor under the log labels, of whatever woke it (a record's intake, an attempt).
            OwnContext.on(contexts.fresh()).execute(() -> claimDue().subscribe().with(this::claimed,
                    failure -> claimed(false)));
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
        Executor own = OwnContext.on(contexts.fresh());
        own.execute(() -> attempt(delivery, own)
                .onTermination().invoke(() -> {
                    inFlight.computeIfPresent(delivery.endpointId(), (endpoint, calls) -> calls > 1 ? calls - 1
                            : null);
                    totalInFlight.decrementAndGet();
                    // Without this, deliveries held back by the per-endpoint limit would wait for the next poll.
                    wake();
                })
                .subscribe().with(ignored -> {
                }, failure -> Log.warnf("The outcome of %s was not recorded (%s); it is attempted again when its"
                        + " lease ends", delivery, failure.getMessage())));
    }

    /** One attempt, run on its own context: the call and its record, in the delivery's trace and under its MDC. */
    private Uni<Void> attempt(ClaimedDelivery delivery, Executor own) {
        Span span = tracing.startStep("callback deliver", MessageTracing.parentOf(delivery.traceparent()));
        MessageTracing.describe(span, delivery.txNo(), delivery.accountNo(), delivery.eventId());
        span.setAttribute(ENDPOINT_ID, delivery.endpointId().toString());
        span.setAttribute(ATTEMPT, (long) delivery.attempt());
        Scope current = span.makeCurrent();
        RechargeLogContext.put(delivery.txNo(), delivery.accountNo(), delivery.eventId());
        return receivers.post(delivery)
                .emitOn(own) // the receiver's answer arrives on the HTTP client's threads
                .chain(attempt -> record(delivery, attempt, span))
                .emitOn(own) // and a statement's timeout on a timer thread
                .onTermination().invoke((done, failure, cancelled) -> {
                    MessageTracing.end(span, failure);
                    current.close();
                });
    }

    private Uni<Void> record(ClaimedDelivery delivery, Attempt attempt, Span span) {
        latency.record(attempt.latencyMillis(), TimeUnit.MILLISECONDS);
        Instant next = null;
        String outcome = "acknowledged";
        if (attempt.acknowledged()) {
            Log.infof("Callback for txNo %s delivered to endpoint %s (attempt %d, HTTP %d)", delivery.txNo(),
                    delivery.endpointId(), delivery.attempt(), attempt.httpStatus());
        } else {
            var delay = schedule.delayAfter(delivery.planAttempt());
            next = delay.map(pause -> clock.instant().plus(pause)).orElse(null);
            outcome = next == null ? "failed" : "retry";
            span.setStatus(StatusCode.ERROR, attempt.summary());
            Log.infof("Callback %s to endpoint %s not acknowledged (%s); %s", delivery, delivery.endpointId(),
                    attempt.summary(), next == null ? "the schedule is over: FAILED" : "next attempt at " + next);
        }
        if (attempt.httpStatus() != null) {
            span.setAttribute(HTTP_STATUS, (long) attempt.httpStatus());
        }
        if (attempt.errorKind() != null) {
            span.setAttribute(ERROR_KIND, attempt.errorKind());
        }
        span.setAttribute(OUTCOME, outcome);
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
