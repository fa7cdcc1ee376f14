package io.rechargenotify.recharge.outbox;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes outbox rows to Kafka and marks them published only after the broker acknowledged them (at-least-once;
 * the receiver deduplicates by txNo). Rows are claimed in id order and sent in that order on one idempotent producer,
 * so the results of one account (one key, one partition) leave in commit order.
 */
@ApplicationScoped
public class OutboxRelay {

    private final Outbox outbox;
    private final MutinyEmitter<String> results;
    private final RechargeConfig.Relay config;
    private final Clock clock;

    public OutboxRelay(Outbox outbox, @Channel("recharge-results") MutinyEmitter<String> results,
            RechargeConfig config, Clock clock) {
        this.outbox = outbox;
        this.results = results;
        this.config = config.relay();
        this.clock = clock;
    }

    /**
     * Publishes batch after batch until the backlog is smaller than a batch. Not before the application runs: the
     * Kafka channel is wired during start-up.
     */
    @Scheduled(every = "${recharge.relay.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relayPending() {
        return Uni.createFrom().deferred(this::publishBatch).repeat().until(published -> published < config.batchSize()).collect().last()
                .onFailure().invoke(e -> Log.warnf("Outbox relay pass failed, rows stay for the next pass: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Publishes one batch; the row locks are held until the broker acknowledged every record of it. */
    @WithTransaction
    public Uni<Integer> publishBatch() {
        return outbox.claimBatch(config.batchSize()).chain(rows -> rows.isEmpty()
                ? Uni.createFrom().item(0)
                : publish(rows).chain(() -> outbox.markPublished(rows.stream().map(r -> r.id).toList(),
                        clock.instant())));
    }

    private Uni<Void> publish(List<OutboxRecord> rows) {
        Context context = Vertx.currentContext();
        List<Uni<Void>> sends = rows.stream().map(this::send).toList();
        // Broker acks complete on the producer's thread; the session must be used on its own Vert.x context again.
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    private Uni<Void> send(OutboxRecord row) {
        return results.sendMessage(Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .build()));
    }
}
