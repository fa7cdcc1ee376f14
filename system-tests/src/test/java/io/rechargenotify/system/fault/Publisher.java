package io.rechargenotify.system.fault;

import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records put on a topic from outside the services, as a misbehaving producer holding the signing key would (each
 * signed with the test key, as the relay signs); every send acknowledged.
 */
final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    Publisher() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    synchronized void send(String topic, String key, String value) {
        sent.add(producer.send(TestEventKeys.signed(new ProducerRecord<>(topic, key, value))));
    }

    /** Waits until the broker acknowledged everything sent; fails if it refused any. */
    synchronized void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record", e.getCause());
        }
        sent.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
