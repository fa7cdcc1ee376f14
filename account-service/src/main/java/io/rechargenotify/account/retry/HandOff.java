package io.rechargenotify.account.retry;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.consume.FailureClass;
import io.rechargenotify.shared.event.RetryLadder;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hands a failed delivery to the next retry topic or the dead-letter topic and completes once the broker has it:
 * only then may the caller commit the record it failed on. Plain kafka-clients, since both consumers (the messaging
 * channel and the retry-topic loop) hand off through it and need the broker's acknowledgement per record.
 */
@ApplicationScoped
public class HandOff {

    private final KafkaProducer<String, String> producer;
    // send() may block while the broker is unreachable; never on the caller's (event-loop) thread.
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retry-handoff-producer");
        thread.setDaemon(true);
        return thread;
    });
    private final RetryRouting routing;
    private final Clock clock;
    private final MeterRegistry meters;

    public HandOff(@Identifier("default-kafka-broker") Map<String, Object> kafka, AccountConfig config, Clock clock,
            MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "account-retry-handoff");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.routing = new RetryRouting(RetryLadder.parse(config.retry().ladder()));
        this.clock = clock;
        this.meters = meters;
    }

    /** Sends the delivery on; completes with the topic it went to. */
    public CompletableFuture<String> forward(FailedDelivery delivery, Throwable failure) {
        FailureClass failureClass = FailureClass.of(failure);
        String error = failureClass == FailureClass.PERMANENT && failure.getMessage() != null ? failure.getMessage()
                : rootMessage(failure);
        ProducerRecord<String, String> next = routing.next(delivery, failureClass, error, clock.instant());
        CompletableFuture<String> sent = new CompletableFuture<>();
        sender.execute(() -> {
            try {
                producer.send(next, (metadata, sendFailure) -> {
                    if (sendFailure != null) {
                        sent.completeExceptionally(sendFailure);
                        return;
                    }
                    meters.counter("recharge.results.failures", "topic", delivery.topic(),
                            "class", failureClass.code(), "to", next.topic()).increment();
                    Log.warnf("Recharge result from %s-%d@%d (attempt %d) not applied (%s: %s), handed to %s",
                            delivery.topic(), delivery.partition(), delivery.offset(), delivery.attempt(),
                            failureClass.code(), error, next.topic());
                    sent.complete(next.topic());
                });
            } catch (RuntimeException e) {
                // send() throws instead of calling back when the producer is closed or fenced
                sent.completeExceptionally(e);
            }
        });
        return sent;
    }

    /** The innermost cause in one line (the SQL error, not Hibernate's wrapping with the whole statement). */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        producer.close();
    }
}
