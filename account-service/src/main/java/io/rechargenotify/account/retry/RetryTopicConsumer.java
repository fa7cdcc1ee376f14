package io.rechargenotify.account.retry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RetryLadder;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes the delayed-retry topics: a record is applied no earlier than its due time, then committed, or handed to
 * the next step (or the dead-letter topic) and committed.
 *
 * <p>Waiting costs no memory per record: when the head record of a partition is not yet due, the consumer seeks back
 * to it, pauses the partition and resumes it at that due time, so 100,000 waiting records are 100,000 records in
 * Kafka, one paused partition and one deadline here. A topic's records share one delay, so they fall due in order.
 * Offsets are committed only after a record's effect committed or its hand-off was acknowledged, so a waiting record
 * survives a crash. Hand-written on the Kafka consumer because SmallRye's delayed-retry strategy keeps every waiting
 * record in memory with a timer and commits past records that are still waiting.
 */
@ApplicationScoped
public class RetryTopicConsumer {

    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(500);
    private static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(60);
    /** How long a partition rests after its record could not be handed on, and the loop after it broke. */
    private static final Duration RECOVERY_PAUSE = Duration.ofSeconds(5);

    private final Map<String, Object> kafka;
    private final AccountConfig.Retry config;
    private final RetryLadder ladder;
    private final Ledger ledger;
    private final HandOff handOff;
    private final Clock clock;
    private final IsolatedWork isolated;
    private final MeterRegistry meters;
    private final Timer retryLag;
    private final boolean oneShot;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread loop;
    private volatile boolean running;
    private volatile Instant lastPoll = Instant.now();

    public RetryTopicConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, AccountConfig config,
            Ledger ledger, HandOff handOff, Clock clock, IsolatedWork isolated, MeterRegistry meters) {
        this.kafka = kafka;
        this.config = config.retry();
        this.oneShot = config.reconciliation().oneShot();
        this.ladder = RetryLadder.parse(this.config.ladder());
        this.ledger = ledger;
        this.handOff = handOff;
        this.clock = clock;
        this.isolated = isolated;
        this.meters = meters;
        this.retryLag = Timer.builder("recharge.results.retry.lag")
                .description("How late past its due time a retried record was attempted")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    void start(@Observes StartupEvent startup) {
        if (oneShot) {
            return; // a one-shot reconciliation process consumes nothing
        }
        running = true;
        loop = new Thread(this::run, "retry-topic-consumer");
        loop.start();
        Log.infof("Retry ladder %s on topics %s", ladder, ladder.topics());
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "account-service-retry");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "account-retry-consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // A resumed partition is fetched again from its head; waiting the default 500 ms for more data would make
        // every retry that late.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // A poll's records may each take an attempt and a hand-off; the group must not evict the consumer meanwhile.
        long worstPerRecord = config.attemptTimeout().plus(HAND_OFF_TIMEOUT).toMillis();
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, config.maxPollRecords() * worstPerRecord + 60_000));
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
            loop.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** The loop exists (it is only meant to end at shutdown). */
    public boolean isRunning() {
        return running && loop != null && loop.isAlive();
    }

    /** The loop polled within the longest time one poll's records may take to process. */
    public boolean isPolling() {
        Duration window = config.attemptTimeout().plus(HAND_OFF_TIMEOUT).multipliedBy(2);
        return isRunning() && Duration.between(lastPoll, clock.instant()).compareTo(window) < 0;
    }

    /** Runs until shutdown; if the consumer breaks, it is closed and a new one resumes from the committed offsets. */
    private void run() {
        while (running) {
            consumer = newConsumer();
            pausedUntil.clear();
            try {
                consumer.subscribe(ladder.topics(), new ForgetPausesOnRevoke());
                pollUntilStopped();
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                Log.errorf(e, "The retry-topic consumer broke; restarting it from the committed offsets");
                rest();
            } finally {
                consumer.close();
            }
        }
    }

    private void pollUntilStopped() {
        while (running) {
            resumeDuePartitions();
            ConsumerRecords<String, String> records = consumer.poll(pollWait());
            lastPoll = clock.instant();
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, String> record : records.records(partition)) {
                    if (!attemptIfDue(partition, record)) {
                        break;
                    }
                }
            }
        }
    }

    /** Applies the record if it is due; otherwise parks the partition at it and returns false. */
    private boolean attemptIfDue(TopicPartition partition, ConsumerRecord<String, String> record) {
        Instant due = dueAt(record);
        Instant now = clock.instant();
        if (due.isAfter(now)) {
            parkAt(partition, record, due);
            return false;
        }
        if (!due.equals(Instant.EPOCH)) {
            retryLag.record(Duration.between(due, now));
        }
        try {
            Applied applied = apply(record);
            meters.counter("recharge.results.processed", "topic", record.topic(), "outcome",
                    applied.name().toLowerCase(java.util.Locale.ROOT)).increment();
        } catch (Exception failure) {
            FailedDelivery delivery = FailedDelivery.of(record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), record.headers());
            if (!handedOff(handOff.forward(delivery, unwrap(failure)))) {
                parkAt(partition, record, now.plus(RECOVERY_PAUSE));
                return false;
            }
        }
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        } catch (KafkaException e) {
            // The record is done; if its offset was not stored it is consumed again and deduplicated.
            Log.warnf("Offset %d of %s not committed: %s", record.offset() + 1, partition, e.getMessage());
        }
        return true;
    }

    /** Seeks back to the record and pauses its partition until {@code until}: nothing after it overtakes it. */
    private void parkAt(TopicPartition partition, ConsumerRecord<String, String> record, Instant until) {
        consumer.seek(partition, record.offset());
        consumer.pause(java.util.List.of(partition));
        pausedUntil.put(partition, until);
    }

    private Applied apply(ConsumerRecord<String, String> record) {
        var event = EventCodec.decode(record.value());
        return isolated.await(() -> ledger.apply(event, LedgerSource.RETRY), config.attemptTimeout());
    }

    /** False if the broker did not take the record on: it stays uncommitted and is attempted again shortly. */
    private static boolean handedOff(CompletableFuture<String> sent) {
        try {
            sent.get(HAND_OFF_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            Log.warnf("Could not hand a failed record to its next topic, trying again in %s: %s", RECOVERY_PAUSE,
                    unwrap(e).getMessage());
            return false;
        }
    }

    /** The pause after the consumer broke; a dedicated thread, so sleeping blocks nothing else. */
    private void rest() {
        try {
            Thread.sleep(RECOVERY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void resumeDuePartitions() {
        Instant now = clock.instant();
        var due = pausedUntil.entrySet().stream().filter(entry -> !entry.getValue().isAfter(now))
                .map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            consumer.resume(due);
            due.forEach(pausedUntil::remove);
        }
    }

    private Duration pollWait() {
        Instant now = clock.instant();
        return pausedUntil.values().stream().min(Instant::compareTo)
                .map(next -> Duration.between(now, next))
                .filter(wait -> wait.compareTo(MAX_POLL_WAIT) < 0)
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
                .orElse(MAX_POLL_WAIT);
    }

    /** The due time header; a record without a readable one is due now (and fails on as usual if it is bad). */
    private static Instant dueAt(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(EventHeaders.DUE_AT);
        if (header == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A revoked partition's pause is someone else's now; an assigned one starts unpaused at its committed offset. */
    private final class ForgetPausesOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pausedUntil::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing: records not yet due pause their partition again on the next poll
        }
    }
}
