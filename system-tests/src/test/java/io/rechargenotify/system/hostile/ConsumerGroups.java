package io.rechargenotify.system.hostile;

import io.rechargenotify.shared.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

/**
 * What the broker knows about account-service's consumers, asked through Kafka's {@link Admin} client as an operator
 * would ({@code kafka-consumer-groups.sh --describe}): the members of each group and how far behind the end of its
 * topics each group's committed offsets are.
 */
final class ConsumerGroups implements AutoCloseable {

    private final Admin admin;
    /** Each group and the topics it consumes. */
    private final Map<String, List<String>> groups;

    ConsumerGroups(Map<String, List<String>> groups) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
        this.groups = new TreeMap<>(groups);
    }

    /** Creates the topics (if missing) before any service starts, so no consumer waits for a topic to appear. */
    void createTopics(Collection<String> topics, int partitions) {
        for (String topic : topics) {
            try {
                get(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until every group is stable with the given number of members and answers each group's member ids. A
     * member keeps its id across rebalances; a consumer that is closed and created again (a "restart") joins with a
     * new one, and one evicted for not polling loses its own: so equal ids later mean no consumer was replaced.
     */
    Map<String, Set<String>> awaitStableMembers(Map<String, Integer> expectedMembers, Duration within) {
        Awaitility.await("consumer groups stable with members " + expectedMembers).atMost(within)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> describe().entrySet().stream().allMatch(group -> group.getValue().groupState()
                        == GroupState.STABLE
                        && group.getValue().members().size() == expectedMembers.get(group.getKey())));
        return members();
    }

    /** Each group's current member ids. */
    Map<String, Set<String>> members() {
        return describe().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                group -> group.getValue().members().stream().map(MemberDescription::consumerId)
                        .collect(Collectors.toCollection(TreeSet::new)), (a, b) -> a, TreeMap::new));
    }

    private Map<String, ConsumerGroupDescription> describe() {
        return get(admin.describeConsumerGroups(groups.keySet()).all());
    }

    /**
     * Every partition of every group's topics whose committed offset is behind its end offset, with how far: empty
     * when every group has consumed and committed everything there is.
     */
    Map<String, Long> lag() {
        Map<String, Long> behind = new TreeMap<>();
        groups.forEach((group, topics) -> {
            Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata());
            Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
            List<TopicPartition> partitions = new ArrayList<>();
            described.values().forEach(topic -> topic.partitions().forEach(partition -> partitions.add(
                    new TopicPartition(topic.name(), partition.partition()))));
            var ends = get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
                    partition -> OffsetSpec.latest()))).all());
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition).offset();
                OffsetAndMetadata offset = committed.get(partition);
                long at = offset == null ? 0 : offset.offset();
                if (at < end) {
                    behind.put(group + " " + partition, end - at);
                }
            }
        });
        return behind;
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not answer the admin call", e.getCause());
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
