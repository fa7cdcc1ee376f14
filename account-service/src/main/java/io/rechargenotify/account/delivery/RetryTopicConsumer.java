package io.rechargenotify.account.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.shared.kafka.KafkaClients;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes the delayed-retry topics: a record is attempted no earlier than its due time ({@link DeliveryPolicy}), then
 * committed once {@link DeliveryAttempt} applied it or handed it to the next step (or the dead-letter topic).
 *
 * <p>Waiting costs no memory per record: when the head record of a partition is not yet due, the consumer seeks back
 * to it, pauses the partition and resumes it at that due time, so 100,000 waiting records are 100,000 records in
 * Kafka, one paused partition and one deadline here. A topic's records share one delay, so they fall due in order.
 * Offsets are committed only after a record's effect committed or its hand-off was acknowledged, so a waiting record
 * survives a crash. Hand-written on the Kafka consumer because SmallRye's delayed-retry strategy keeps every waiting
 * record in memory with a timer and commits past records that are still waiting.
 *
 * <p>A record fails alone: whatever goes wrong while attempting it is that record's failed attempt, handed on like
 * any other, or – if even the hand-off fails – its partition rests and tries it again. Only the consumer itself
 * breaking restarts the loop; a loop that keeps breaking is reported by liveness.
 */
@ApplicationScoped
public class RetryTopicConsumer {

    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(500);

    private final Map<String, Object> kafka;
    private final AccountConfig.Retry config;
    private final AccountConfig.Delivery delivery;
    private final DeliveryPolicy policy;
    private final DeliveryAttempt attempt;
    private final Clock clock;
    private final IsolatedWork isolated;
    private final Timer retryLag;
    private final Counter loopRestarts;
    private final boolean oneShot;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    /** The head record of each partition and when it was first seen here: the latest it may fall due from. */
    private final Map<TopicPartition, Seen> firstSeen = new HashMap<>();
    private final AtomicInteger restartsInARow = new AtomicInteger();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread loop;
    private volatile boolean running;
    private volatile Instant lastPoll = Instant.now();

    private record Seen(long offset, Instant at) {
    }

    public RetryTopicConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, AccountConfig config,
            DeliveryPolicy policy, DeliveryAttempt attempt, Clock clock, IsolatedWork isolated,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.config = config.retry();
        this.delivery = config.delivery();
        this.oneShot = config.reconciliation().oneShot();
        this.policy = policy;
        this.attempt = attempt;
        this.clock = clock;
        this.isolated = isolated;
        this.retryLag = Timer.builder("recharge.results.retry.lag")
                .description("How late past its due time a retried record was attempted")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.loopRestarts = Counter.builder("recharge.results.retry.loop.restarts")
                .description("Times the retry-topic consumer broke and was restarted from the committed offsets")
                .register(meters);
    }

    void start(@Observes StartupEvent startup) {
        if (oneShot) {
            return; // a one-shot reconciliation process consumes nothing
        }
        running = true;
        loop = new Thread(this::run, "retry-topic-consumer");
        loop.start();
        Log.infof("Retry ladder %s on topics %s", policy.ladder(), policy.retryTopics());
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> props = KafkaClients.manualCommitConsumer(kafka, config.groupId(),
                "account-retry-consumer");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        // A resumed partition is fetched again from its head; waiting the default 500 ms for more data would make
        // every retry that late.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        // A poll's records may each take an attempt and a hand-off; the group must not evict the consumer meanwhile.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, config.maxPollRecords() * worstPerRecord().toMillis() + 60_000));
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** The longest one record may take: an attempt, then a hand-off (twice, if the record was too large). */
    private Duration worstPerRecord() {
        return delivery.attemptTimeout().plus(delivery.handOffTimeout().multipliedBy(2))
                .plus(delivery.deadLetterStoreTimeout());
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
        return isRunning() && Duration.between(lastPoll, clock.instant()).compareTo(worstPerRecord().multipliedBy(2)) < 0;
    }

    /** The consumer broke more often in a row than allowed, without one poll that worked in between. */
    public boolean isStuck() {
        return restartsInARow.get() >= config.maxLoopRestarts();
    }

    public int restartsInARow() {
        return restartsInARow.get();
    }

    /** Runs until shutdown; if the consumer breaks, it is closed and a new one resumes from the committed offsets. */
    private void run() {
        while (running) {
            consumer = newConsumer();
            pausedUntil.clear();
            firstSeen.clear();
            try {
                consumer.subscribe(policy.retryTopics(), new ForgetPartitionStateOnRevoke());
                pollUntilStopped();
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                loopRestarts.increment();
                Log.errorf(e, "The retry-topic consumer broke (%d times in a row); restarting it from the committed"
                        + " offsets", restartsInARow.incrementAndGet());
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
                    if (!attemptIfDue(partition, ConsumedRecord.of(record, clock.instant()))) {
                        break;
                    }
                }
            }
            // Only a poll whose records were all dealt with counts as the loop working again.
            restartsInARow.set(0);
        }
    }

    /** Attempts the record if it is due; otherwise (or if it must be tried again) parks the partition at it. */
    private boolean attemptIfDue(TopicPartition partition, ConsumedRecord record) {
        Instant now = clock.instant();
        Seen seen = firstSeen.compute(partition, (p, before) -> before != null && before.offset() == record.offset()
                ? before : new Seen(record.offset(), now));
        Instant due = dueAt(record, seen.at(), now);
        if (due.isAfter(now)) {
            parkAt(partition, record, due);
            return false;
        }
        retryLag.record(Duration.between(due, now).toMillis(), TimeUnit.MILLISECONDS);
        if (!attempted(record)) {
            parkAt(partition, record, now.plus(delivery.recoveryPause()));
            return false;
        }
        firstSeen.remove(partition);
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        } catch (KafkaException e) {
            // The record is done; if its offset was not stored it is consumed again and deduplicated.
            Log.warnf("Offset %d of %s not committed: %s", record.offset() + 1, partition, e.getMessage());
        }
        return true;
    }

    /**
     * True once the record was applied or handed on ({@link DeliveryAttempt} turns every failure of the attempt itself
     * into a hand-off). False if the hand-off was refused or no answer came in time: the record stays uncommitted and
     * is tried again after a pause – never handed on a second time while the first hand-off may still land.
     */
    private boolean attempted(ConsumedRecord record) {
        try {
            isolated.await(() -> attempt.run(record, LedgerSource.RETRY), worstPerRecord());
            return true;
        } catch (RuntimeException failure) {
            Log.warnf("%s not done (%s); trying again in %s", record, failure.getMessage(), delivery.recoveryPause());
            return false;
        }
    }

    /** The record's due time; should reading it ever fail, it is due now, and its attempt decides what follows. */
    private Instant dueAt(ConsumedRecord record, Instant firstSeen, Instant now) {
        try {
            return policy.dueAt(record, firstSeen);
        } catch (RuntimeException e) {
            Log.warnf("Due time of %s unreadable (%s); attempting it now", record, e.getMessage());
            return now;
        }
    }

    /** Seeks back to the record and pauses its partition until {@code until}: nothing after it overtakes it. */
    private void parkAt(TopicPartition partition, ConsumedRecord record, Instant until) {
        consumer.seek(partition, record.offset());
        consumer.pause(List.of(partition));
        pausedUntil.put(partition, until);
    }

    /** The pause after the consumer broke; a dedicated thread, so sleeping blocks nothing else. */
    private void rest() {
        try {
            Thread.sleep(delivery.recoveryPause().toMillis());
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

    /** A revoked partition's pause is someone else's now; an assigned one starts unpaused at its committed offset. */
    private final class ForgetPartitionStateOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(pausedUntil::remove);
            partitions.forEach(firstSeen::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing: records not yet due pause their partition again on the next poll
        }
    }
}
