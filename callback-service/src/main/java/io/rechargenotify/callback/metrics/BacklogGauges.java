package io.rechargenotify.callback.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.rechargenotify.callback.endpoint.EndpointRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind the callbacks are, as gauges refreshed every {@code callback.metrics.refresh} by two grouped queries
 * (the due backlog per endpoint on its index, and the endpoints' states) – never on the dispatch path:
 * <ul>
 * <li>{@code callback.deliveries.due}, {@code callback.deliveries.oldest.due.age} (seconds): deliveries due now and
 * not being attempted, of enabled endpoints (a paused circuit's included: that is real lag). Alert on the age.
 * <li>{@code callback.deliveries.waiting.disabled}: due deliveries of disabled endpoints, kept apart so that a
 * disabled endpoint's backlog, which waits by design, does not page anyone through the age above.
 * <li>{@code callback.endpoints.disabled}, {@code callback.endpoints.paused} (circuit open now).
 * <li>{@code callback.endpoint.deliveries.due} and {@code callback.endpoint.oldest.due.age} tagged {@code endpoint}
 * (its id), for endpoints with a due backlog – only while there are at most
 * {@code callback.metrics.per-endpoint-max-endpoints} endpoints. Receivers register endpoints, not operators, so an
 * endpoint tag could otherwise grow the metric series without bound; above the limit only the totals are published and
 * the deliveries API ({@code GET /endpoints/{id}/deliveries?status=PENDING}) tells which endpoint is behind.
 * </ul>
 */
@Startup
@ApplicationScoped
public class BacklogGauges {

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final Clock clock;
    private final CallbackConfig.Metrics config;
    private final Duration timeout;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestDueAgeMillis = new AtomicLong();
    private final AtomicLong waitingDisabled = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();
    private final MultiGauge endpointDue;
    private final MultiGauge endpointOldestDueAge;

    public BacklogGauges(DeliveryRepository deliveries, EndpointRepository endpoints, Clock clock,
            MeterRegistry meters, CallbackConfig config) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.clock = clock;
        this.config = config.metrics();
        this.timeout = config.dispatch().statementTimeout();
        Gauge.builder("callback.deliveries.due", due, AtomicLong::get)
                .description("Deliveries due and not being attempted, of enabled endpoints").register(meters);
        Gauge.builder("callback.deliveries.oldest.due.age", oldestDueAgeMillis, millis -> millis.get() / 1000.0)
                .baseUnit("seconds").description("How long the oldest due delivery of an enabled endpoint has waited")
                .register(meters);
        Gauge.builder("callback.deliveries.waiting.disabled", waitingDisabled, AtomicLong::get)
                .description("Due deliveries waiting for their disabled endpoint").register(meters);
        Gauge.builder("callback.endpoints.disabled", disabled, AtomicLong::get)
                .description("Endpoints disabled (by an operator or after failing too long)").register(meters);
        Gauge.builder("callback.endpoints.paused", paused, AtomicLong::get)
                .description("Enabled endpoints whose circuit is open: not called until their pause ends")
                .register(meters);
        endpointDue = MultiGauge.builder("callback.endpoint.deliveries.due")
                .description("Due deliveries of one endpoint (only while endpoints are few)").register(meters);
        endpointOldestDueAge = MultiGauge.builder("callback.endpoint.oldest.due.age").baseUnit("seconds")
                .description("Age of one endpoint's oldest due delivery (only while endpoints are few)")
                .register(meters);
    }

    @Scheduled(every = "${callback.metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        Instant now = clock.instant();
        return Uni.combine().all().unis(endpoints.census(now), deliveries.backlog(now)).asTuple()
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout))
                .invoke(answers -> {
                    var census = answers.getItem1();
                    long dueTotal = 0;
                    long waiting = 0;
                    long oldestMillis = 0;
                    boolean perEndpoint = census.total() <= config.perEndpointMaxEndpoints();
                    List<MultiGauge.Row<?>> dueRows = new ArrayList<>();
                    List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
                    for (var backlog : answers.getItem2()) {
                        long age = Math.max(0, Duration.between(backlog.oldestDueAt(), now).toMillis());
                        if (backlog.endpointEnabled()) {
                            dueTotal += backlog.due();
                            oldestMillis = Math.max(oldestMillis, age);
                        } else {
                            waiting += backlog.due();
                        }
                        if (perEndpoint) {
                            Tags tags = Tags.of("endpoint", backlog.endpointId().toString());
                            dueRows.add(MultiGauge.Row.of(tags, backlog.due()));
                            ageRows.add(MultiGauge.Row.of(tags, age / 1000.0));
                        }
                    }
                    due.set(dueTotal);
                    waitingDisabled.set(waiting);
                    oldestDueAgeMillis.set(oldestMillis);
                    disabled.set(census.disabled());
                    paused.set(census.paused());
                    endpointDue.register(dueRows, true);
                    endpointOldestDueAge.register(ageRows, true);
                })
                .onFailure().invoke(failure -> Log.warnf("Backlog gauges not refreshed (%s); they keep their values",
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
