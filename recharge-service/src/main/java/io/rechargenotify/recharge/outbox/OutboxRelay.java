package io.rechargenotify.recharge.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes outbox rows to Kafka and marks them published only after the broker acknowledged them (at-least-once;
 * the receiver deduplicates by txNo).
 *
 * <p>It runs when woken - by Postgres NOTIFY after each commit ({@link OutboxWakeups}) or by the polling fallback -
 * one run at a time, draining batch after batch. Rows are claimed in id order per shard and sent in that order on one
 * idempotent producer, whose session ends at the first failed send ({@link RelayProducer}), so the results of one
 * account first reach the topic in the order they were recorded (outbox id order; two
 * recharges of one account committing at the same moment may commit in the other order, which credits do not mind). A row the broker can never accept is
 * parked and the rest go on; while Kafka is unavailable the rows stay and the relay backs off exponentially.
 *
 * <p>Every pass is bounded in time (its statements by the pool's Postgres {@code statement_timeout}, the whole pass by
 * {@code recharge.relay.pass-timeout}): a hung database call fails the pass, which is retried, instead of stopping the
 * relay for good. When passes keep hanging, {@link RelayLiveness} goes DOWN.
 */
@ApplicationScoped
public class OutboxRelay {

    private final Outbox outbox;
    private final RelayProducer producer;
    private final EventSigner signer;
    private final MessageTracing tracing;
    private final RechargeConfig.Relay config;
    private final Clock clock;
    private final Vertx vertx;
    private final Timer publishLatency;
    private final Counter published;
    private final Counter transientFailures;
    private final Counter parked;
    private final Counter hungPasses;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile Instant pausedUntil = Instant.MIN;
    /** When a pass last finished its database work (published or not): the relay loop is alive. */
    private volatile Instant lastPassFinished;
    private Duration backoff;

    public OutboxRelay(Outbox outbox, RelayProducer producer, EventSigner signer, MessageTracing tracing,
            RechargeConfig config, Clock clock, Vertx vertx, MeterRegistry meters) {
        this.outbox = outbox;
        this.producer = producer;
        this.signer = signer;
        this.tracing = tracing;
        this.config = config.relay();
        this.clock = clock;
        this.vertx = vertx;
        this.backoff = this.config.backoffInitial();
        this.lastPassFinished = clock.instant();
        this.publishLatency = Timer.builder("outbox.publish.latency")
                .description("From the outbox row's commit to the broker's acknowledgement")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        this.published = Counter.builder("outbox.published").description("Outbox rows published").register(meters);
        this.transientFailures = Counter.builder("outbox.publish.failures").tag("kind", "transient")
                .description("Publish attempts that failed and will be retried").register(meters);
        this.parked = Counter.builder("outbox.publish.failures").tag("kind", "permanent")
                .description("Outbox rows parked because the broker can never accept them").register(meters);
        this.hungPasses = Counter.builder("outbox.relay.hung.passes")
                .description("Relay passes abandoned because a statement or the pass ran out of time")
                .register(meters);
        Gauge.builder("outbox.relay.last.pass.age.seconds", this, relay -> relay.sinceLastPass().toMillis() / 1000.0)
                .description("Seconds since a relay pass last finished its database work").register(meters);
    }

    /** How long ago a pass last finished its database work (published, or failed only because of Kafka). */
    public Duration sinceLastPass() {
        return Duration.between(lastPassFinished, clock.instant());
    }

    /** The polling fallback: catches up whatever a lost or missed notification left behind. */
    @Scheduled(every = "${recharge.relay.poll-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /**
     * Asks for a run now. Runs never overlap: a wake-up during a run causes one more run after it. During a back-off
     * pause wake-ups are remembered and the polling fallback resumes after the pause.
     */
    public void wake() {
        if (!config.enabled()) {
            return;
        }
        wakeRequested.set(true);
        if (clock.instant().isBefore(pausedUntil) || !running.compareAndSet(false, true)) {
            return;
        }
        wakeRequested.set(false);
        // Hibernate Reactive needs its own safe (duplicated) Vert.x context; NOTIFY and the scheduler give none.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> drain().subscribe().with(this::finished, failure -> {
            Log.errorf(failure, "Outbox relay run failed unexpectedly");
            finished(null);
        }));
    }

    private void finished(Void ignored) {
        running.set(false);
        if (wakeRequested.get()) {
            wake();
        }
    }

    /** Publishes batch after batch until the backlog is drained or Kafka or Postgres fail. */
    private Uni<Void> drain() {
        return Uni.createFrom().deferred(this::publishBatch)
                .ifNoItem().after(config.passTimeout()).fail()
                .invoke(pass -> lastPassFinished = clock.instant())
                .onFailure().recoverWithItem(this::failedPass)
                .repeat().whilst(pass -> pass.claimed() == config.batchSize() && pass.transientFailure() == null)
                .collect().last()
                .invoke(this::adjustBackoff)
                .replaceWithVoid();
    }

    /** Claims one batch, publishes it, and records each row's outcome, in one transaction. */
    @WithTransaction
    public Uni<PassResult> publishBatch() {
        return outbox.claimBatch(config.batchSize(), config.shards())
                .invoke(rows -> Log.debugf("Relay pass claimed %d rows%s", rows.size(), rows.isEmpty() ? ""
                        : " (ids " + rows.get(0).id + ".." + rows.get(rows.size() - 1).id + ")"))
                .chain(rows -> rows.isEmpty()
                ? Uni.createFrom().item(PassResult.EMPTY)
                : sendAll(rows).chain(failures -> record(rows, failures)));
    }

    /**
     * Sends every row in order; completes with each row's failure, or null for an acknowledged row. Each send is a
     * producer span in the trace of the request that recorded the row, and carries it to the consumers in the
     * record's {@code traceparent} header.
     */
    private Uni<List<Throwable>> sendAll(List<OutboxRecord> rows) {
        Context context = Vertx.currentContext();
        List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
        List<Span> spans = new ArrayList<>(rows.size());
        for (OutboxRecord row : rows) {
            ProducerRecord<String, String> record = signer.signed(new ProducerRecord<>(row.topic, row.messageKey,
                    row.payload));
            Span span = tracing.startPublish(row.topic, row.messageKey, MessageTracing.parentOf(row.traceparent));
            MessageTracing.describe(span, row.txNo, null, null);
            MessageTracing.inject(span, record.headers());
            records.add(record);
            spans.add(span);
        }
        // Broker acks complete on the producer's thread; the session must be used on its own context again.
        return Uni.createFrom().completionStage(() -> producer.sendAll(records))
                .invoke(failures -> {
                    for (int i = 0; i < spans.size(); i++) {
                        MessageTracing.end(spans.get(i), failures.get(i));
                    }
                })
                .onFailure().invoke(failure -> spans.forEach(span -> MessageTracing.end(span, failure)))
                .onCancellation().invoke(() -> spans.forEach(Span::end)) // the pass ran out of time
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private Uni<PassResult> record(List<OutboxRecord> rows, List<Throwable> failures) {
        Instant now = clock.instant();
        List<Long> acked = new ArrayList<>();
        List<Long> retry = new ArrayList<>();
        List<Long> park = new ArrayList<>();
        String transientError = null;
        String permanentError = null;
        for (int i = 0; i < rows.size(); i++) {
            OutboxRecord row = rows.get(i);
            Throwable failure = failures.get(i);
            if (failure == null) {
                acked.add(row.id);
                publishLatency.record(Duration.between(row.createdAt, now));
            } else if (PublishFailures.isPermanent(failure)) {
                park.add(row.id);
                permanentError = PublishFailures.describe(failure);
                Log.errorf("Outbox row %d (txNo %s) parked, the broker cannot accept it: %s", row.id, row.txNo,
                        permanentError);
            } else {
                retry.add(row.id);
                transientError = PublishFailures.describe(failure);
            }
        }
        Log.debugf("Relay pass: %d published, %d parked, %d to retry", acked.size(), park.size(), retry.size());
        published.increment(acked.size());
        parked.increment(park.size());
        transientFailures.increment(retry.size());
        Uni<Integer> marks = acked.isEmpty() ? Uni.createFrom().item(0) : outbox.markPublished(acked, now);
        String parkReason = permanentError;
        String retryReason = transientError;
        return marks
                .chain(() -> park.isEmpty() ? Uni.createFrom().item(0) : outbox.park(park, parkReason, now))
                .chain(() -> retry.isEmpty() ? Uni.createFrom().item(0) : outbox.recordFailure(retry, retryReason))
                .replaceWith(new PassResult(rows.size(), acked.size(), park.size(), retryReason));
    }

    /**
     * A pass that failed: a hung one (a statement cancelled by statement_timeout, or the pass timed out) leaves the
     * last finished time alone, so liveness sees it; any other failure (Postgres down, say) still shows the loop
     * turning – readiness reports the database. Both are retried after the back-off.
     */
    private PassResult failedPass(Throwable failure) {
        if (PublishFailures.isHung(failure)) {
            hungPasses.increment();
            Log.warnf("Outbox relay pass abandoned, it ran out of time: %s", PublishFailures.describe(failure));
        } else {
            lastPassFinished = clock.instant();
        }
        return PassResult.failed(PublishFailures.describe(failure));
    }

    private void adjustBackoff(PassResult last) {
        if (last.transientFailure() == null) {
            if (pausedUntil != Instant.MIN) {
                Log.info("Outbox relay recovered: publishing again");
            }
            pausedUntil = Instant.MIN;
            backoff = config.backoffInitial();
            return;
        }
        if (pausedUntil == Instant.MIN) {
            // Logged once per outage, not once per attempt: the outage may last hours.
            Log.warnf("Outbox relay cannot publish, rows stay in the outbox and the relay backs off: %s",
                    last.transientFailure());
        }
        pausedUntil = clock.instant().plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax()
                : backoff.multipliedBy(2);
    }

    /** What one batch did; {@code transientFailure} describes why some rows must be retried, if any. */
    public record PassResult(int claimed, int published, int parked, String transientFailure) {

        static final PassResult EMPTY = new PassResult(0, 0, 0, null);

        static PassResult failed(String reason) {
            return new PassResult(0, 0, 0, reason);
        }
    }
}
