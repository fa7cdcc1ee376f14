package io.rechargenotify.shared.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every hand-written Kafka client of the services starts from: the connection settings Quarkus resolved
 * for the default broker ({@code @Identifier("default-kafka-broker")}, so bootstrap servers and any security settings
 * are configured once), plus what a client on the delivery path must never run without. The services use plain
 * kafka-clients where they need a per-record broker acknowledgement or pause/seek control the messaging connector
 * does not give; each such place says why.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * A producer whose send completes only when every in-sync replica has the record, and which never duplicates or
     * reorders a partition's records on its own retries.
     */
    public static Map<String, Object> reliableProducer(Map<String, Object> broker, String clientId) {
        Map<String, Object> props = new HashMap<>(broker);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return props;
    }

    /** A consumer of a group that commits offsets itself, only after a record's effect is safe. */
    public static Map<String, Object> manualCommitConsumer(Map<String, Object> broker, String groupId,
            String clientId) {
        Map<String, Object> props = new HashMap<>(broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
