package io.rechargenotify.recharge.outbox;

import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.shared.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay's Kafka producer: idempotent, {@code acks=all}, so the broker never duplicates or reorders what one relay
 * sends to a partition in one producer session.
 *
 * <p>One session ends at the first send that fails for a reason that may pass: the producer is closed at once (from
 * the failing send's callback), which fails every record still queued behind it. Otherwise a record queued after one
 * that expired could still be written once the broker is back, and the failed one – sent again by a later pass –
 * would land after a newer result of the same key. The next batch gets a new producer.
 *
 * <p>Plain kafka-clients on purpose, not the messaging connector's emitter: the connector re-sends a failed record on
 * its own after later records of the same key went out (breaking per-key order), and turning that off
 * ({@code retries=0}) is refused for an idempotent producer. Sends run on one dedicated thread because
 * {@code send()} may block while the broker is unreachable, which must never happen on an event loop.
 */
@ApplicationScoped
public class RelayProducer {

    private final Map<String, Object> props;
    /** The current session, or null after one was ended; replaced on the sender thread only. */
    private final AtomicReference<KafkaProducer<String, String>> session = new AtomicReference<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay-producer");
        thread.setDaemon(true);
        return thread;
    });

    public RelayProducer(@Identifier("default-kafka-broker") Map<String, Object> kafka, RechargeConfig config) {
        RechargeConfig.Producer settings = config.relay().producer();
        Map<String, Object> props = KafkaClients.reliableProducer(kafka, "recharge-outbox-relay");
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchBytes());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
        this.props = Map.copyOf(props);
    }

    /**
     * Sends the records in list order and completes with each one's failure, or null once the broker acknowledged
     * it. After a record fails to be handed to the producer for a reason that may pass (no metadata while the broker
     * is down), the records after it are not sent at all: they could overtake it and put a later result of a key
     * before an earlier one. After one fails later, at the broker, the session ends (see above), and the records
     * behind it fail too.
     */
    public CompletableFuture<List<Throwable>> sendAll(List<ProducerRecord<String, String>> records) {
        return CompletableFuture.supplyAsync(() -> {
            KafkaProducer<String, String> producer = session.get();
            if (producer == null) {
                producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
                session.set(producer);
            }
            KafkaProducer<String, String> current = producer;
            AtomicBoolean ended = new AtomicBoolean();
            List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(records.size());
            Throwable refused = null;
            for (ProducerRecord<String, String> record : records) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                outcomes.add(outcome);
                if (refused != null) {
                    outcome.complete(new NotSentException(refused));
                    continue;
                }
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure != null && !PublishFailures.isPermanent(failure) && ended.compareAndSet(false,
                                true)) {
                            endSession(current);
                        }
                        outcome.complete(failure);
                    });
                } catch (RuntimeException e) {
                    outcome.complete(e);
                }
                // Failed already, before send() returned, means refused before reaching the broker (send() reports most
                // of those through the callback, not by throwing). A record that can never be sent (too large) is
                // skipped; anything else stops the batch.
                if (outcome.isDone() && outcome.join() != null && !PublishFailures.isPermanent(outcome.join())) {
                    refused = outcome.join();
                }
            }
            return outcomes;
        }, sender).thenCompose(outcomes -> CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(done -> outcomes.stream().map(CompletableFuture::join).toList()));
    }

    /**
     * Closes the session without waiting: called from the producer's own I/O thread, where close() must not block.
     * Everything it has not yet had acknowledged fails (and is retried by a later pass, in outbox order).
     */
    private void endSession(KafkaProducer<String, String> producer) {
        session.compareAndSet(producer, null);
        producer.close(Duration.ZERO);
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        KafkaProducer<String, String> producer = session.getAndSet(null);
        if (producer != null) {
            producer.close();
        }
    }

    /** A record not handed to the producer because an earlier one of the batch could not be: always retried. */
    static class NotSentException extends RuntimeException {
        NotSentException(Throwable earlier) {
            super("not sent after an earlier record failed: " + PublishFailures.describe(earlier));
        }
    }
}
