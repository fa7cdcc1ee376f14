package io.rechargenotify.system.hostile;

import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer that puts exactly the given bytes on a topic – key, value and header values – as a broken or hostile
 * producer would; plain kafka-clients with byte-array serialisers, since no serialiser may "fix" what it is given.
 * Each send waits for the broker's acknowledgement and answers where the record landed.
 */
final class RawProducer implements AutoCloseable {

    /** Above the broker's default 1 MB record limit on the client side, so near-1 MB values reach the broker. */
    private static final int MAX_REQUEST_SIZE = 4 * 1024 * 1024;

    private final KafkaProducer<byte[], byte[]> producer;

    RawProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_SIZE);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_REQUEST_SIZE);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record and waits until the broker has it; fails if the broker refuses it. */
    RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take a record for " + record.topic(), e);
        }
    }

    /**
     * The record with the signature recharge-service would give its value (over the text a consumer decodes, so
     * invalid UTF-8 is signed as it will be checked): what gets past the signature check – a leaked key, a bug in
     * recharge-service – must not stop anything either. A tombstone has nothing to sign.
     */
    static ProducerRecord<byte[], byte[]> signed(ProducerRecord<byte[], byte[]> record) {
        if (record.value() != null) {
            record.headers().add(EventHeaders.SIGNATURE, EventSignature.sign(TestEventKeys.KEY,
                    new String(record.value(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Override
    public void close() {
        producer.close();
    }
}
