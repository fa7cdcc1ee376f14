package io.rechargenotify.shared.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes topics of the test broker directly, the way an outside observer would. */
public final class TopicProbe {

    private TopicProbe() {
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match, or fails after {@code timeout}.
     * Returns every matching record seen, so a test can also assert that there are not more.
     */
    public static List<ConsumerRecord<String, String>> awaitRecords(String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> matched = new ArrayList<>();
            while (matched.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                });
            }
            if (matched.size() < count) {
                throw new AssertionError("expected " + count + " matching records on " + topic + " within "
                        + timeout + ", saw " + matched.size());
            }
            // Drain what is already there, so a duplicate published with the awaited records is seen too.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                });
            }
            return matched;
        }
    }

    /**
     * Publishes one record as recharge-service would – signed with the test key ({@link TestEventKeys}) – and waits
     * for the broker's acknowledgement.
     */
    public static RecordMetadata publish(String topic, String key, String value) {
        return publish(TestEventKeys.signed(new ProducerRecord<>(topic, key, value)));
    }

    /** Publishes the record as it is (no signature unless it carries one) and waits for the acknowledgement. */
    public static RecordMetadata publish(ProducerRecord<String, String> record) {
        return publishAll(List.of(record)).get(0);
    }

    /**
     * Publishes the records as they are, in order, and waits for every acknowledgement. Their topics are created
     * first: a burst into a topic the broker only auto-creates on first use can meet partitions without a leader yet,
     * and the idempotent producer then retries out-of-order batches until its delivery timeout (two minutes).
     */
    public static List<RecordMetadata> publishAll(List<ProducerRecord<String, String>> records) {
        createTopics(records.stream().map(ProducerRecord::topic).collect(Collectors.toSet()));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(producer::send).toList();
            List<RecordMetadata> acknowledged = new ArrayList<>();
            for (Future<RecordMetadata> each : sent) {
                acknowledged.add(each.get());
            }
            return acknowledged;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + records.get(0).topic(), e.getCause());
        }
    }

    /** Creates the topics that do not exist yet, with the broker's default partitions, and waits until they do. */
    public static void createTopics(Set<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            Set<String> missing = new HashSet<>(topics);
            missing.removeAll(admin.listTopics().names().get());
            admin.createTopics(missing.stream().map(name -> new NewTopic(name, Optional.empty(), Optional.empty()))
                    .toList()).values().values().forEach(TopicProbe::awaitCreated);
            // Created is not yet served: wait until the broker names a leader for every partition (a topic just
            // created may still be unknown to the metadata for a moment: that is "not yet", not a failure).
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreException(ExecutionException.class)
                    .until(() -> admin.describeTopics(topics).allTopicNames().get().values().stream()
                            .flatMap(topic -> topic.partitions().stream())
                            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list the topics", e.getCause());
        }
    }

    private static void awaitCreated(KafkaFuture<Void> creation) {
        try {
            creation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            // Created meanwhile by a consumer's or producer's first use: it exists, which is all we need.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create a topic", e.getCause());
            }
        }
    }
}
