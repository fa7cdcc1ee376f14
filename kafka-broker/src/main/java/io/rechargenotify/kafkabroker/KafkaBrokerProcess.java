package io.rechargenotify.kafkabroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one process) run as its own JVM.
 *
 * <p>Its own process, not a library inside the caller: the broker's Scala, Jackson and kafka-clients versions must not
 * share a classpath with Quarkus's, and fault tests need a broker they can kill and restart like a real one.
 * JDK-only on purpose, so it can sit on any test classpath. Hand-written because no maintained library starts a
 * Kafka 4 broker without Docker.
 *
 * <p>By default its client listener is plain and open, as every test but the security ones wants. {@link
 * #startSecured} gives the production shape instead: clients authenticate with SASL/SCRAM-SHA-512 and are authorized
 * by ACLs only ({@code StandardAuthorizer}, nothing allowed without an ACL).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** What Kafka 4.x logs once the broker accepts clients. */
    private static final String STARTED_MARKER = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** The secured broker's super user: the broker itself, and the tests' admin that creates topics and ACLs. */
    public static final String SUPER_USER = "broker-admin";
    private static final String SCRAM = "SCRAM-SHA-512";
    private static final String PLAIN_TOKEN = "[A-Za-z0-9._-]+";

    private final Path libDir;
    private final Path workDir;
    private final int brokerPort;
    private final int controllerPort;
    /** The SCRAM users (name to password) of a secured broker, the super user first; null for the plain broker. */
    private final Map<String, String> scramUsers;
    private Process process;

    private KafkaBrokerProcess(Path libDir, Path workDir, int brokerPort, int controllerPort,
            Map<String, String> scramUsers) {
        this.libDir = libDir;
        this.workDir = workDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.scramUsers = scramUsers;
    }

    /**
     * Formats a fresh data directory under {@code workDir} and starts the broker.
     *
     * @param brokerPort the client port, or 0 for a free one
     */
    public static KafkaBrokerProcess start(Path libDir, Path workDir, int brokerPort) {
        return start(libDir, workDir, brokerPort, null);
    }

    /**
     * Formats and starts a broker that lets in only SCRAM-SHA-512 authenticated clients and allows them only what an
     * ACL grants; {@link #SUPER_USER} (a random password, see {@link #superUserConfig()}) may do anything.
     *
     * @param users the SCRAM users to create (name to password), with no ACLs yet
     */
    public static KafkaBrokerProcess startSecured(Path libDir, Path workDir, int brokerPort,
            Map<String, String> users) {
        users.forEach((user, password) -> {
            // the storage tool reads "name=...,password=..." without quoting
            if (!user.matches(PLAIN_TOKEN) || !password.matches(PLAIN_TOKEN)) {
                throw new IllegalArgumentException("SCRAM user names and passwords here are letters, digits and -_.");
            }
        });
        Map<String, String> scramUsers = new LinkedHashMap<>();
        scramUsers.put(SUPER_USER, UUID.randomUUID().toString());
        scramUsers.putAll(users);
        return start(libDir, workDir, brokerPort, scramUsers);
    }

    private static KafkaBrokerProcess start(Path libDir, Path workDir, int brokerPort,
            Map<String, String> scramUsers) {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("No Kafka broker classpath at " + libDir
                    + ": build it first with ./mvnw -pl kafka-broker package");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(libDir, workDir,
                brokerPort == 0 ? freePort() : brokerPort, freePort(), scramUsers);
        broker.writeConfig();
        broker.formatStorage();
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /**
     * The client settings (bootstrap servers included) of a secured broker's user, in Kafka's property names.
     *
     * @throws IllegalStateException if this broker is not secured
     */
    public Map<String, String> clientConfig(String user, String password) {
        if (scramUsers == null) {
            throw new IllegalStateException("this broker is not secured");
        }
        return Map.of(
                "bootstrap.servers", bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", SCRAM,
                "sasl.jaas.config", jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password,
                        ""));
    }

    /** The client settings of {@link #SUPER_USER} on a secured broker: for the admin that sets up topics and ACLs. */
    public Map<String, String> superUserConfig() {
        return clientConfig(SUPER_USER, scramUsers == null ? "" : scramUsers.get(SUPER_USER));
    }

    public Path logFile() {
        return workDir.resolve("broker.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker like a crash ({@code kill -9}): nothing is flushed, nothing is handed over. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Stops the broker gracefully (SIGTERM), as an operator would. */
    public void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
        }
    }

    /** Starts the stopped broker again on the same ports and data, as a restarted real broker. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the broker is running");
        }
        startProcess();
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(workDir);
    }

    private void writeConfig() {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                scramUsers == null ? plainListeners() : securedListeners(),
                "log.dirs=" + workDir.resolve("data"),
                // partitions of an auto-created topic: how many consumers of one group can work in parallel
                "num.partitions=" + System.getenv().getOrDefault("KAFKA_NUM_PARTITIONS", "6"),
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.writeString(configFile(), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String plainListeners() {
        return String.join("\n",
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    /**
     * Clients and the broker itself authenticate with SCRAM on the client listener. The controller listener takes
     * SASL/PLAIN from the super user only: KRaft cannot check SCRAM there (the credentials live in the metadata the
     * controller serves), and an unauthenticated controller listener would make every anonymous caller a super user.
     */
    private String securedListeners() {
        String password = scramUsers.get(SUPER_USER);
        return String.join("\n",
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.mechanism.inter.broker.protocol=" + SCRAM,
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms=" + SCRAM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + jaas("org.apache.kafka.common.security.scram.ScramLoginModule", SUPER_USER, password, ""),
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config="
                        + jaas("org.apache.kafka.common.security.plain.PlainLoginModule", SUPER_USER, password,
                                " user_" + SUPER_USER + "=" + quoted(password)),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + SUPER_USER);
    }

    private static String jaas(String loginModule, String user, String password, String extra) {
        return loginModule + " required username=" + quoted(user) + " password=" + quoted(password) + extra + ";";
    }

    /** A JAAS option value: quoted, with quote and backslash escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void formatStorage() {
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes());
        // "--cluster-id=" form: a base64 id may start with '-', which the tool would read as an option.
        List<String> command = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                "--cluster-id=" + clusterId, "-c", configFile().toString()));
        if (scramUsers != null) {
            // SCRAM credentials go into the first metadata, so the broker's own SCRAM login works from its first start.
            scramUsers.forEach((user, password) -> command.add("--add-scram=" + SCRAM + "=[name=" + user
                    + ",password=" + password + "]"));
        }
        Process format = launch(command, workDir.resolve("format.log"));
        int exit = waitFor(format);
        if (exit != 0) {
            throw new IllegalStateException("Kafka storage format failed (exit " + exit + "), see "
                    + workDir.resolve("format.log"));
        }
    }

    private void startProcess() {
        try {
            Files.deleteIfExists(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = launch(List.of("kafka.Kafka", configFile().toString()), logFile());
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!logContains(STARTED_MARKER)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited with " + process.exitValue() + ", see "
                        + logFile());
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("The Kafka broker did not start within " + START_TIMEOUT + ", see "
                        + logFile());
            }
            try {
                // Polling the broker's own log for its start line: there is no other signal from a child JVM.
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the Kafka broker was starting", e);
            }
        }
    }

    private Process launch(List<String> mainAndArgs, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms256m");
        command.add("-Xmx512m");
        command.add("-XX:+UseG1GC");
        command.add("-Djava.awt.headless=true");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");
        command.add("-cp");
        command.add(libDir.toAbsolutePath() + "/*");
        command.addAll(mainAndArgs);
        try {
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainAndArgs.get(0), e);
        }
    }

    private boolean logContains(String marker) {
        try {
            return Files.exists(logFile()) && Files.readString(logFile(), StandardCharsets.UTF_8).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    private Path configFile() {
        return workDir.resolve("server.properties");
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + process.pid(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] uuidBytes() {
        UUID uuid = UUID.randomUUID();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a broker in the foreground until this JVM is stopped (used by {@code bin/run-local}).
     * Arguments: {@code <lib-dir> <work-dir> <port>}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerProcess <lib-dir> <work-dir> <port>");
            System.exit(2);
        }
        KafkaBrokerProcess broker = start(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (log: " + broker.logFile() + ")");
        System.out.flush();
        broker.process.waitFor();
    }
}
