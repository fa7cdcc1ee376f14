package io.rechargenotify.shared.testing;

import io.rechargenotify.kafkabroker.KafkaBrokerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Kafka broker of a test JVM: the one named by {@code KAFKA_BOOTSTRAP_SERVERS}, or else a real broker started once
 * per JVM on free ports with its data in a temp dir, and removed when the JVM exits.
 */
public final class TestKafka {

    private static KafkaBrokerProcess broker;
    private static String bootstrapServers;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            bootstrapServers = configured != null && !configured.isBlank() ? configured : startBroker();
        }
        return bootstrapServers;
    }

    /** The broker this JVM started, for fault tests; empty when an external broker is configured. */
    public static synchronized Optional<KafkaBrokerProcess> ownBroker() {
        bootstrapServers();
        return Optional.ofNullable(broker);
    }

    private static String startBroker() {
        String lib = System.getProperty("kafka.broker.lib");
        if (lib == null) {
            throw new IllegalStateException("Set KAFKA_BOOTSTRAP_SERVERS or the system property kafka.broker.lib "
                    + "(the root pom sets it for surefire and failsafe)");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("recharge-notify-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaBrokerProcess.start(Path.of(lib), workDir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-stop"));
        return broker.bootstrapServers();
    }
}
