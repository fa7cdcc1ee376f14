package io.rechargenotify.k8s;

import static io.rechargenotify.k8s.RenderedManifests.name;
import static io.rechargenotify.k8s.RenderedManifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dev overlay's Kafka lets in only TLS clients with SCRAM-SHA-512 passwords, and in both overlays each service
 * connects that way as its own KafkaUser, which grants exactly what that service's clients use – derived here from the
 * services' own configuration (consumed topics and groups in application.properties, written topics from the shared
 * {@link Topics}), so a new topic or group without its ACL, or an ACL nobody needs, fails this test.
 */
class KafkaUsersTest {

    private static final String CLUSTER = "recharge-notify";

    private static final Map<String, RenderedManifests> OVERLAYS = new HashMap<>();

    @BeforeAll
    static void render() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            OVERLAYS.put(overlay, RenderedManifests.render(overlay));
        }
    }

    /** Prod's Kafka is the platform's (README "Deploy"); dev's is defined here, and is what prod must match. */
    @Test
    void theOnlyListenerIsTlsWithScramAndAclsAreEnforced() {
        Map<String, Object> kafka = OVERLAYS.get("dev").named("Kafka", CLUSTER).orElseThrow();
        List<Map<String, Object>> listeners = cast(path(kafka, "spec", "kafka", "listeners"));
        assertThat(listeners).hasSize(1);
        assertThat(listeners.get(0).get("tls")).isEqualTo(true);
        assertThat(path(listeners.get(0), "authentication", "type")).isEqualTo("scram-sha-512");
        assertThat(path(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat(path(kafka, "spec", "entityOperator", "userOperator")).as("the User Operator makes the users")
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void rechargeServiceMayOnlyWriteTheResults(String overlay) throws IOException {
        assertThat(acls(OVERLAYS.get(overlay), "recharge-service")).containsExactlyInAnyOrderElementsOf(expected("recharge-service",
                Set.of(Topics.RECHARGE_RESULTS)));
    }

    /** Its retry hand-off writes every ladder step's topic and the DLT; its consumers read what they subscribe. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void accountServiceMayReadTheResultsAndOnlyWalkItsOwnRetryAndDeadLetterTopics(String overlay) throws IOException {
        RenderedManifests manifests = OVERLAYS.get(overlay);
        String retryPrefix = Topics.retry("");
        Set<String> expected = new TreeSet<>(expected("account-service", Set.of(Topics.RECHARGE_RESULTS_DLT)));
        // The retry topics by prefix, so any ladder (ACCOUNT_RETRY_LADDER) is covered: read by the retry consumer,
        // written by the hand-off.
        expected.add(acl("topic", retryPrefix, "prefix", "Read"));
        expected.add(acl("topic", retryPrefix, "prefix", "Write"));
        assertThat(acls(manifests, "account-service")).containsExactlyInAnyOrderElementsOf(expected);

        Object configured = path(manifests.named("ConfigMap", "account-service-config").orElseThrow(), "data",
                "ACCOUNT_RETRY_LADDER");
        assertThat(RetryLadder.parse(configured != null ? (String) configured : RetryLadder.DEFAULT).topics())
                .allMatch(topic -> topic.startsWith(retryPrefix));
    }

    /** It only reads the results as its own group: failed calls wait in its database, not in topics of its own. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void callbackServiceMayOnlyReadTheResults(String overlay) throws IOException {
        assertThat(acls(OVERLAYS.get(overlay), "callback-service"))
                .containsExactlyInAnyOrderElementsOf(expected("callback-service", Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyUserIsScramOfThisClusterWithSimpleAuthorization(String overlay) {
        RenderedManifests manifests = OVERLAYS.get(overlay);
        assertThat(manifests.ofKind("KafkaUser")).extracting(RenderedManifests::name)
                .containsExactlyInAnyOrder("recharge-service", "account-service", "callback-service");
        for (Map<String, Object> user : manifests.ofKind("KafkaUser")) {
            assertThat(path(user, "metadata", "labels", "strimzi.io/cluster")).as(name(user)).isEqualTo(CLUSTER);
            assertThat(path(user, "spec", "authentication", "type")).as(name(user)).isEqualTo("scram-sha-512");
            assertThat(path(user, "spec", "authorization", "type")).as(name(user)).isEqualTo("simple");
        }
    }

    /**
     * Each service connects as its own user over TLS: the user name in its ConfigMap, the password from that user's
     * Secret, the cluster CA (from Strimzi's Secret) as its truststore, the TLS listener's port (dev's listener: the
     * platform's Kafka in prod has the same, which the NetworkPolicies allow).
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachDeploymentAuthenticatesAsItsOwnUserAndTrustsTheClusterCa(String overlay) {
        RenderedManifests manifests = OVERLAYS.get(overlay);
        int port = ((Number) ((List<Map<String, Object>>) cast(path(manifests.named("Kafka", CLUSTER)
                .or(() -> OVERLAYS.get("dev").named("Kafka", CLUSTER)).orElseThrow(),
                "spec", "kafka", "listeners"))).get(0).get("port")).intValue();
        // The console talks to the three APIs only: no Kafka user, no Kafka settings or credentials.
        Map<String, Object> console = manifests.named("Deployment", "console").orElseThrow();
        assertThat(manifests.named("KafkaUser", "console")).as(overlay).isEmpty();
        Map<String, Object> consoleContainer = ((List<Map<String, Object>>) cast(path(console, "spec", "template",
                "spec", "containers"))).get(0);
        assertThat(((List<Map<String, Object>>) cast(consoleContainer.get("env")))).as(overlay + " console")
                .noneMatch(env -> ((String) env.get("name")).startsWith("KAFKA_"));
        assertThat(((Map<String, Object>) cast(path(manifests.named("ConfigMap", "console-config").orElseThrow(),
                "data"))).keySet()).as(overlay + " console-config").noneMatch(key -> key.startsWith("KAFKA_"));

        List<Map<String, Object>> clients = manifests.ofKind("Deployment").stream()
                .filter(deployment -> !name(deployment).equals("console")).toList();
        assertThat(clients).extracting(RenderedManifests::name)
                .containsExactlyInAnyOrder("recharge-service", "account-service", "callback-service");
        for (Map<String, Object> deployment : clients) {
            String service = name(deployment);
            String where = overlay + " " + service;
            Map<String, Object> config = cast(path(manifests.named("ConfigMap", service + "-config").orElseThrow(),
                    "data"));
            assertThat(config).as(where).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SASL_USERNAME", service)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", CLUSTER + "-kafka-bootstrap:" + port)
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");

            Map<String, Object> pod = cast(path(deployment, "spec", "template", "spec"));
            Map<String, Object> container = ((List<Map<String, Object>>) cast(pod.get("containers"))).get(0);
            Map<String, Object> password = ((List<Map<String, Object>>) cast(container.get("env"))).stream()
                    .filter(env -> "KAFKA_SASL_PASSWORD".equals(env.get("name"))).findFirst().orElseThrow();
            assertThat(path(password, "valueFrom", "secretKeyRef")).as(where)
                    .isEqualTo(Map.of("name", service, "key", "password"));

            String truststore = (String) config.get("KAFKA_SSL_TRUSTSTORE_LOCATION");
            Map<String, Object> mount = ((List<Map<String, Object>>) cast(container.get("volumeMounts"))).stream()
                    .filter(m -> truststore.equals(m.get("mountPath") + "/ca.crt")).findFirst().orElseThrow();
            Map<String, Object> volume = ((List<Map<String, Object>>) cast(pod.get("volumes"))).stream()
                    .filter(v -> Objects.equals(v.get("name"), mount.get("name"))).findFirst().orElseThrow();
            assertThat(path(volume, "secret", "secretName")).as(where).isEqualTo(CLUSTER + "-cluster-ca-cert");
        }
    }

    /** A user's ACLs as "type:name:patternType:operation" strings (one per operation). */
    private static Set<String> acls(RenderedManifests manifests, String user) {
        Map<String, Object> kafkaUser = manifests.named("KafkaUser", user).filter(u -> name(u).equals(user)).orElseThrow();
        Set<String> acls = new HashSet<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) cast(path(kafkaUser, "spec", "authorization",
                "acls"))) {
            assertThat(rule.get("type")).as("no deny rules are needed").isIn(null, "allow");
            for (Object operation : (List<Object>) cast(rule.get("operations"))) {
                acls.add(acl((String) path(rule, "resource", "type"), (String) path(rule, "resource", "name"),
                        (String) path(rule, "resource", "patternType"), (String) operation));
            }
        }
        return acls;
    }

    /**
     * Read on every topic the service's channels consume and on every consumer group its configuration names
     * ({@code *.group.id}, {@code *.group-id}), Write on the given topics.
     */
    private static Set<String> expected(String service, Set<String> written) throws IOException {
        Properties properties = applicationProperties(service);
        Set<String> expected = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                expected.add(acl("topic", value, "literal", "Read"));
            } else if (key.endsWith(".group.id") || key.endsWith(".group-id")) {
                expected.add(acl("group", value, "literal", "Read"));
            }
        }
        written.forEach(topic -> expected.add(acl("topic", topic, "literal", "Write")));
        return expected;
    }

    private static String acl(String type, String name, String patternType, String operation) {
        return type + ":" + name + ":" + patternType + ":" + operation;
    }

    private static Properties applicationProperties(String service) throws IOException {
        Path file = Path.of(System.getProperty("k8s.dir", "."), "..", service, "src", "main", "resources",
                "application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        // Profile-specific values (%test., %reconcile.) are not what the deployed service uses.
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("%")).collect(Collectors.toList())
                .forEach(properties::remove);
        return properties;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
