package io.rechargenotify.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rechargenotify.kafkabroker.KafkaBrokerProcess;
import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemApi;
import io.rechargenotify.system.SystemEnv;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow on a broker shaped like the dev overlay's Strimzi cluster: only SASL/SCRAM-SHA-512 authenticated
 * clients get in, and each is allowed only what an ACL grants. Both packaged services authenticate from the
 * {@code KAFKA_*} environment with the least privilege of {@link #leastPrivilege()}; a client of either that did not
 * take the settings, or needed more, would stop the flow: the relay producer (a recharge credited), the main consumer
 * and the hand-off producer (a lock-timed-out result handed to the retry topic), the retry consumer (that result
 * credited later), the dead-letter recorder (an unknown account's result listed under {@code /dead-letters}).
 */
class SecuredBrokerIT {

    private static final String RECHARGE_USER = "recharge-service";
    private static final String ACCOUNT_USER = "account-service";
    /** account-service's consumer groups (its application.properties and RetryTopicConsumer). */
    private static final List<String> ACCOUNT_GROUPS = List.of("account-service", "account-service-retry",
            "account-service-dead-letters");
    private static final String LADDER = "2s";
    private static final int PARTITIONS = 3;
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(30);
    private static final String RECHARGE_DB = "recharge_secured_broker";
    private static final String ACCOUNT_DB = "account_secured_broker";

    private static final Map<String, String> PASSWORDS = Map.of(
            RECHARGE_USER, UUID.randomUUID().toString(),
            ACCOUNT_USER, UUID.randomUUID().toString());

    private static KafkaBrokerProcess broker;
    private static Admin admin;
    private static ServiceProcess rechargeService;
    private static ServiceProcess accountService;

    @BeforeAll
    static void startSystem() throws Exception {
        broker = KafkaBrokerProcess.startSecured(Path.of(System.getProperty("kafka.broker.lib")),
                Files.createTempDirectory("recharge-notify-secured-kafka-"), 0, PASSWORDS);
        admin = Admin.create(new HashMap<>(broker.superUserConfig()));
        // Created up front by the admin: the services' users may not create topics, so nothing is auto-created.
        List<NewTopic> topics = Stream.concat(Stream.of(Topics.RECHARGE_RESULTS, Topics.RECHARGE_RESULTS_DLT),
                RetryLadder.parse(LADDER).topics().stream())
                .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList();
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        admin.createAcls(leastPrivilege()).all().get(30, TimeUnit.SECONDS);

        rechargeService = ServiceProcess.start("recharge-service", "secured-recharge-service",
                serviceEnv(RECHARGE_DB, RECHARGE_USER));
        Map<String, String> accountEnv = serviceEnv(ACCOUNT_DB, ACCOUNT_USER);
        accountEnv.put("RECHARGE_API_URL", rechargeService.baseUrl());
        accountEnv.put("ACCOUNT_RETRY_LADDER", LADDER);
        accountEnv.put("ACCOUNT_LEDGER_LOCK_TIMEOUT", "100ms");
        accountEnv.put("ACCOUNT_CONSUMER_CONCURRENCY", Integer.toString(PARTITIONS));
        accountService = ServiceProcess.start("account-service", "secured-account-service", accountEnv);
    }

    @AfterAll
    static void stopSystem() {
        ServiceProcess.closeAll(accountService, rechargeService);
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * What the Strimzi KafkaUsers of the dev overlay grant, no more: recharge-service writes the results (its
     * idempotent producer needs no cluster ACL since Kafka 3.0: WRITE on a topic implies IDEMPOTENT_WRITE);
     * account-service reads them, reads and writes its retry topics and the dead-letter topic, and reads as its own
     * groups. READ and WRITE imply DESCRIBE.
     */
    private static List<AclBinding> leastPrivilege() {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(RECHARGE_USER, ResourceType.TOPIC, Topics.RECHARGE_RESULTS, PatternType.LITERAL,
                AclOperation.WRITE));
        acls.add(allow(ACCOUNT_USER, ResourceType.TOPIC, Topics.RECHARGE_RESULTS, PatternType.LITERAL,
                AclOperation.READ));
        for (AclOperation operation : List.of(AclOperation.READ, AclOperation.WRITE)) {
            acls.add(allow(ACCOUNT_USER, ResourceType.TOPIC, Topics.retry(""), PatternType.PREFIXED, operation));
            acls.add(allow(ACCOUNT_USER, ResourceType.TOPIC, Topics.RECHARGE_RESULTS_DLT, PatternType.LITERAL,
                    operation));
        }
        for (String group : ACCOUNT_GROUPS) {
            acls.add(allow(ACCOUNT_USER, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
        }
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    /** A service's environment with Kafka security switched on, as the Kubernetes overlay sets it (minus TLS). */
    private static Map<String, String> serviceEnv(String database, String user) {
        Map<String, String> env = new HashMap<>(SystemEnv.forDatabase(database, broker.bootstrapServers()));
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_USERNAME", user);
        env.put("KAFKA_SASL_PASSWORD", PASSWORDS.get(user));
        return env;
    }

    @Test
    void aRechargeAskedForThroughAccountServiceIsCredited() {
        String accountNo = SystemApi.openAccount(accountService, "SEC");

        SystemApi.startRecharge(accountService, accountNo, "42.00");

        Awaitility.await().atMost(FLOW_TIMEOUT).untilAsserted(() -> assertThat(
                SystemApi.balance(accountService, accountNo)).isEqualByComparingTo("42.00"));
    }

    @Test
    void aResultThatFailsOnceIsCreditedThroughTheRetryTopic() throws Exception {
        String accountNo = SystemApi.openAccount(accountService, "SEC-RETRY");
        String retryTopic = RetryLadder.parse(LADDER).topic(0);
        long waitingBefore = endOffsets(retryTopic);

        try (Connection lock = Sql.lockAccount(ACCOUNT_DB, accountNo)) {
            SystemApi.postRecharge(rechargeService, UUID.randomUUID(), accountNo, "7.00");
            // The attempt timed out on the locked row: the hand-off producer wrote the result to the retry topic.
            Awaitility.await().atMost(FLOW_TIMEOUT).until(() -> endOffsets(retryTopic) > waitingBefore);
            lock.rollback();
        }

        Awaitility.await().atMost(FLOW_TIMEOUT).untilAsserted(() -> assertThat(
                SystemApi.balance(accountService, accountNo)).isEqualByComparingTo("7.00"));
    }

    @Test
    void aResultForAnUnknownAccountIsRecordedAsADeadLetter() {
        UUID txNo = UUID.randomUUID();

        SystemApi.postRecharge(rechargeService, txNo, "NOBODY-" + txNo.toString().substring(0, 8), "5.00");

        Awaitility.await().atMost(FLOW_TIMEOUT).untilAsserted(() -> assertThat(RestAssured.given()
                .baseUri(accountService.baseUrl()).queryParam("txNo", txNo.toString()).get("/dead-letters")
                .then().statusCode(200).extract().jsonPath().<String>getList("items.payload"))
                .anyMatch(payload -> payload.contains(txNo.toString())));
    }

    @Test
    void aClientWithoutCredentialsCannotWriteTheResults() throws Exception {
        // The control: with recharge-service's credentials the same write is taken, so the broker is there and the
        // refusals below are for the credentials, not an outage. (account-service dead-letters it: not signed.)
        send(new HashMap<>(broker.clientConfig(RECHARGE_USER, PASSWORDS.get(RECHARGE_USER))), Topics.RECHARGE_RESULTS);

        Map<String, Object> plaintext = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        assertThatThrownBy(() -> send(plaintext, Topics.RECHARGE_RESULTS))
                .hasRootCauseInstanceOf(TimeoutException.class);

        Map<String, Object> wrongPassword = new HashMap<>(broker.clientConfig(RECHARGE_USER, "not-the-password"));
        assertThatThrownBy(() -> send(wrongPassword, Topics.RECHARGE_RESULTS))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void accountServiceCannotWriteTheResults() {
        Map<String, Object> accountUser = new HashMap<>(broker.clientConfig(ACCOUNT_USER, PASSWORDS.get(ACCOUNT_USER)));

        assertThatThrownBy(() -> send(accountUser, Topics.RECHARGE_RESULTS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    /** Sends one record and waits for the broker's answer. */
    private static void send(Map<String, Object> config, String topic) throws Exception {
        Map<String, Object> props = new HashMap<>(config);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "FORGED", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    /** The number of records ever written to a topic, as the admin sees it. */
    private static long endOffsets(String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(partition -> new TopicPartition(topic, partition),
                        partition -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

}
