package io.rechargenotify.account.delivery;

import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.shared.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a failed record on to a retry topic or the dead-letter topic and completes once the broker has it: only then
 * may the caller commit the record it failed on. Plain kafka-clients, since the consumers need the broker's
 * acknowledgement per record (and its {@code RecordTooLargeException}, to keep an oversized record in Postgres).
 */
@ApplicationScoped
public class HandOff {

    private final KafkaProducer<String, String> producer;
    private final Duration timeout;
    // send() may block while the broker is unreachable; never on the caller's (event-loop) thread.
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-handoff-producer");
        thread.setDaemon(true);
        return thread;
    });

    public HandOff(@Identifier("default-kafka-broker") Map<String, Object> kafka, AccountConfig config) {
        this.timeout = config.delivery().handOffTimeout();
        Map<String, Object> props = KafkaClients.reliableProducer(kafka, "account-delivery-handoff");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis() / 2, 30_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Completes with where the broker put the record, or fails with why it did not take it: on the caller's Vert.x
     * context if it has one (not on the producer's I/O thread), so the caller's log lines keep their MDC.
     */
    public Uni<RecordMetadata> send(ProducerRecord<String, String> record) {
        Context caller = Vertx.currentContext();
        Uni<RecordMetadata> answer = Uni.createFrom().completionStage(() -> {
            CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure != null) {
                            sent.completeExceptionally(failure);
                        } else {
                            sent.complete(metadata);
                        }
                    });
                } catch (RuntimeException e) {
                    // send() throws instead of calling back when the producer is closed or the record is refused
                    sent.completeExceptionally(e);
                }
            });
            return sent;
        }).ifNoItem().after(timeout.plusSeconds(5)).fail();
        return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        producer.close(Duration.ofSeconds(5));
    }
}
