package io.rechargenotify.recharge.domain;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Writes that arrive together, committed together: concurrent requests' rows go to the database as one multi-row
 * statement – one round trip and one commit (one WAL flush) for all of them – and each request is answered when
 * that statement has committed.
 *
 * <p>Batches form by themselves rather than on a timer: a write goes at once while fewer than {@code inFlight}
 * statements run; otherwise it waits for one of them and goes with everything that arrived meanwhile, at most
 * {@code maxBatch} rows. So a lone request never waits, and the busier the service the larger the batches. When a batch
 * fails because of one of its rows ({@code splitOn}), each of its writes is tried alone, one after the other, so a
 * bad row fails only its own request; any other failure (a timeout, a lost connection) fails the whole batch at once,
 * rather than multiplying the statements sent to a database in trouble. Hand-written: Postgres group
 * commit ({@code commit_delay}) saves only the flush, not the statements, and neither the reactive client nor Quarkus
 * batches across requests.
 *
 * @param <I> one write
 * @param <O> what one write did
 */
final class GroupCommit<I, O> {

    private final Function<List<I>, Uni<List<O>>> writeAll;
    private final Predicate<Throwable> splitOn;
    private final int maxBatch;
    private final int inFlight;
    private final DistributionSummary batchSizes;
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int running;

    /**
     * @param writeAll writes the batch in one statement and returns one result per write, in the batch's order
     * @param splitOn the failures one row of a batch can cause, after which each write is tried alone
     */
    GroupCommit(String name, Function<List<I>, Uni<List<O>>> writeAll, Predicate<Throwable> splitOn, int maxBatch,
            int inFlight, MeterRegistry meters) {
        if (maxBatch < 1 || inFlight < 1) {
            throw new IllegalArgumentException("group commit " + name + ": max-batch and in-flight must be at least 1");
        }
        this.writeAll = writeAll;
        this.splitOn = splitOn;
        this.maxBatch = maxBatch;
        this.inFlight = inFlight;
        this.batchSizes = DistributionSummary.builder("recharge.writes.batch.size").tag("write", name)
                .description("Requests' writes committed by one statement").register(meters);
        Gauge.builder("recharge.writes.waiting", this, GroupCommit::waitingCount).tag("write", name)
                .description("Requests' writes waiting for a statement to finish before theirs can start")
                .register(meters);
    }

    private synchronized int waitingCount() {
        return waiting.size();
    }

    /** Writes {@code item} with whatever else is waiting; completes on the caller's Vert.x context, if it has one. */
    Uni<O> write(I item) {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                waiting.add(new Pending<>(item, emitter, Vertx.currentContext()));
            }
            startBatches();
        });
    }

    private void startBatches() {
        while (true) {
            List<Pending<I, O>> batch;
            synchronized (this) {
                if (running >= inFlight || waiting.isEmpty()) {
                    return;
                }
                running++;
                batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
                while (!waiting.isEmpty() && batch.size() < maxBatch) {
                    batch.add(waiting.poll());
                }
            }
            batchSizes.record(batch.size());
            run(batch).subscribe().with(ignored -> finished(), failure -> finished());
        }
    }

    private void finished() {
        synchronized (this) {
            running--;
        }
        startBatches();
    }

    /** Completes every write of the batch; a batch of several that one row made fail is retried a write at a time. */
    private Uni<Void> run(List<Pending<I, O>> batch) {
        return Uni.createFrom().deferred(() -> writeAll.apply(batch.stream().map(Pending::item).toList()))
                .onItemOrFailure().transformToUni((results, failure) -> {
                    if (failure == null) {
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).complete(results.get(i));
                        }
                        return Uni.createFrom().voidItem();
                    }
                    if (batch.size() > 1 && splitOn.test(failure)) {
                        return Multi.createFrom().iterable(batch)
                                .onItem().transformToUniAndConcatenate(alone -> run(List.of(alone)))
                                .collect().last().replaceWithVoid();
                    }
                    batch.forEach(pending -> pending.fail(failure));
                    return Uni.createFrom().voidItem();
                });
    }

    private record Pending<I, O>(I item, UniEmitter<? super O> emitter, Context context) {

        void complete(O result) {
            onCallersContext(() -> emitter.complete(result));
        }

        void fail(Throwable failure) {
            onCallersContext(() -> emitter.fail(failure));
        }

        /**
         * The request goes on where it started: its Vert.x context (Hibernate's session needs it), not the pool's –
         * later, never inside the loop that hands out the batch's results.
         */
        private void onCallersContext(Runnable action) {
            if (context != null) {
                context.runOnContext(ignored -> action.run());
            } else {
                action.run();
            }
        }
    }
}
