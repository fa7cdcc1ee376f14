package io.rechargenotify.k8s;

import static io.rechargenotify.k8s.RenderedManifests.name;
import static io.rechargenotify.k8s.RenderedManifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each overlay with {@code kubectl kustomize}, validates every object against the Kubernetes and Strimzi API
 * models (unknown fields are errors), and checks the rules every deployment of this system must keep.
 */
class KubernetesManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyObjectIsValidForItsApiModel(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        assertThat(manifests.ofKind("Deployment")).extracting(RenderedManifests::name)
                .containsExactlyInAnyOrder("recharge-service", "account-service", "callback-service", "console");
        List<String> problems = new ArrayList<>();
        manifests.all().forEach(object -> problems.addAll(ModelValidation.problems(object)));
        assertThat(problems).isEmpty();
        assertThat(manifests.ofKind("Secret")).as("secret values never live in git").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyContainerIsLimitedLockedDownAndPinned(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        List<Map<String, Object>> pods = new ArrayList<>();
        manifests.ofKind("Deployment").forEach(d -> pods.add(podSpec(d, "spec", "template", "spec")));
        manifests.ofKind("CronJob").forEach(c -> pods.add(podSpec(c, "spec", "jobTemplate", "spec", "template",
                "spec")));
        assertThat(pods).hasSize(5);
        for (Map<String, Object> pod : pods) {
            Object podNonRoot = path(pod, "securityContext", "runAsNonRoot");
            for (Map<String, Object> container : containers(pod)) {
                String where = overlay + " container " + container.get("name");
                assertThat(path(container, "resources", "limits", "memory")).as(where + " memory limit").isNotNull();
                assertThat(path(container, "resources", "limits", "cpu")).as(where + " cpu limit").isNotNull();
                assertThat(path(container, "resources", "requests", "memory")).as(where).isNotNull();
                Object nonRoot = path(container, "securityContext", "runAsNonRoot");
                assertThat(nonRoot != null ? nonRoot : podNonRoot).as(where + " runAsNonRoot").isEqualTo(true);
                assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).as(where).isEqualTo(true);
                assertThat(path(container, "securityContext", "allowPrivilegeEscalation")).as(where).isEqualTo(false);
                assertThat((List<Object>) cast(path(container, "securityContext", "capabilities", "drop"))).as(where)
                        .containsExactly("ALL");
                String image = (String) container.get("image");
                assertThat(image).as(where + " image").matches(".+:[^:/]+").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void servicesAreProbedScrapedAndCoveredByADisruptionBudget(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> pod = podSpec(deployment, "spec", "template", "spec");
            for (Map<String, Object> container : containers(pod)) {
                assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/q/health/started");
                assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/q/health/live");
                assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/q/health/ready");
            }
            assertThat(path(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/path"))
                    .isEqualTo("/q/metrics");
            Object selector = path(deployment, "spec", "selector", "matchLabels");
            assertThat(manifests.ofKind("PodDisruptionBudget"))
                    .as("a PodDisruptionBudget for " + name(deployment))
                    .anyMatch(pdb -> selector.equals(path(pdb, "spec", "selector", "matchLabels")));
        }
    }

    /**
     * A budget that allows no disruption at the replicas its Deployment runs (minAvailable equal to the replicas) blocks
     * every node drain: each leaves at least one pod to evict.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDisruptionBudgetLetsANodeBeDrained(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            Object selector = path(deployment, "spec", "selector", "matchLabels");
            int replicas = ((Number) path(deployment, "spec", "replicas")).intValue();
            int minReplicas = manifests.named("HorizontalPodAutoscaler", name(deployment))
                    .map(hpa -> ((Number) path(hpa, "spec", "minReplicas")).intValue()).orElse(replicas);
            for (Map<String, Object> pdb : manifests.ofKind("PodDisruptionBudget")) {
                if (!selector.equals(path(pdb, "spec", "selector", "matchLabels"))) {
                    continue;
                }
                String where = overlay + " PodDisruptionBudget " + name(pdb) + " of " + Math.min(replicas, minReplicas)
                        + " replicas";
                Object minAvailable = path(pdb, "spec", "minAvailable");
                Object maxUnavailable = path(pdb, "spec", "maxUnavailable");
                if (minAvailable != null) {
                    assertThat(((Number) minAvailable).intValue()).as(where).isLessThan(Math.min(replicas,
                            minReplicas));
                } else {
                    assertThat(((Number) maxUnavailable).intValue()).as(where).isGreaterThanOrEqualTo(1);
                }
            }
        }
    }

    /**
     * The console calls each API through its Service, on the port that Service exposes, with a token of its own for
     * that service from a Secret; its OIDC client secret and session key come from Secrets too. No credential is a
     * literal in a manifest.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void consoleCallsTheThreeApisWithItsOwnTokensFromSecrets(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> console = manifests.named("Deployment", "console").orElseThrow();
        Map<String, Object> container = containers(podSpec(console, "spec", "template", "spec")).get(0);
        assertThat(path(console, "spec", "template", "metadata", "annotations", "prometheus.io/port")).isEqualTo("8084");
        assertThat((List<Map<String, Object>>) cast(container.get("ports")))
                .containsExactly(Map.of("name", "http", "containerPort", 8084));
        Map<String, Object> service = manifests.named("Service", "console").orElseThrow();
        assertThat((List<Map<String, Object>>) cast(path(service, "spec", "ports")))
                .containsExactly(Map.of("name", "http", "port", 8084, "targetPort", "http"));

        Map<String, Object> config = cast(path(manifests.named("ConfigMap", "console-config").orElseThrow(),
                "data"));
        Map<String, String> urls = Map.of("CONSOLE_RECHARGE_API_URL", "recharge-service",
                "CONSOLE_ACCOUNT_API_URL", "account-service", "CONSOLE_CALLBACK_API_URL", "callback-service");
        urls.forEach((variable, api) -> {
            Object port = ((List<Map<String, Object>>) cast(path(manifests.named("Service", api).orElseThrow(),
                    "spec", "ports"))).get(0).get("port");
            assertThat(config).as(overlay + " " + variable).containsEntry(variable, "http://" + api + ":" + port);
        });

        Map<String, Object> fromSecrets = new HashMap<>();
        List<Map<String, Object>> env = cast(container.get("env"));
        for (Map<String, Object> variable : env) {
            assertThat(variable).as(overlay + " console " + variable.get("name") + ": never a literal value")
                    .doesNotContainKey("value");
            fromSecrets.put((String) variable.get("name"), path(variable, "valueFrom", "secretKeyRef"));
        }
        assertThat(fromSecrets).as(overlay + " console env (its service tokens are files)").isEqualTo(Map.of(
                "QUARKUS_OIDC_CREDENTIALS_SECRET", Map.of("name", "console-oidc", "key", "client-secret"),
                "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", Map.of("name", "console-session",
                        "key", "encryption-key")));
        assertThat(config.keySet()).as(overlay + " console-config: credentials only from Secrets")
                .noneMatch(key -> key.matches(".*(TOKEN|SECRET|PASSWORD|ENCRYPTION_KEY).*")
                        && !key.endsWith("_FILE"));
    }

    /** Event keys come from Secrets only: the signing key to recharge-service, the verification keys to the consumers. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eventKeysComeFromSecretsOfTheirOwn(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Map<String, Object>> expected = Map.of(
                "recharge-service", Map.of("EVENT_SIGNING_KEY_ID", "recharge-service-event-signing-key",
                        "EVENT_SIGNING_KEY", "recharge-service-event-signing-key"),
                "account-service", Map.of("EVENT_VERIFICATION_KEYS", "account-service-event-verification-keys"),
                "callback-service", Map.of("EVENT_VERIFICATION_KEYS", "callback-service-event-verification-keys"),
                "console", Map.of());
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            List<Map<String, Object>> env = cast(containers(podSpec(deployment, "spec", "template", "spec")).get(0)
                    .get("env"));
            Map<String, Object> fromSecrets = env.stream().filter(e -> ((String) e.get("name")).startsWith("EVENT_"))
                    .collect(Collectors.toMap(e -> (String) e.get("name"),
                            e -> path(e, "valueFrom", "secretKeyRef", "name")));
            assertThat(fromSecrets).as(overlay + " " + name(deployment)).isEqualTo(expected.get(name(deployment)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void reconciliationCronJobRunsTheOneShotMode(String overlay) throws Exception {
        Map<String, Object> cronJob = RenderedManifests.render(overlay).named("CronJob", "account-reconciliation")
                .orElseThrow();
        Map<String, Object> container = containers(podSpec(cronJob, "spec", "jobTemplate", "spec", "template",
                "spec")).get(0);
        assertThat((List<Map<String, Object>>) cast(container.get("env")))
                .anyMatch(env -> "QUARKUS_PROFILE".equals(env.get("name")) && "reconcile".equals(env.get("value")));
        assertThat(path(cronJob, "spec", "concurrencyPolicy")).isEqualTo("Forbid");
        assertThat((String) container.get("image")).contains("account-service");
    }

    /**
     * Service tokens live a day at most (the services' JWT_MAX_TOKEN_AGE), so they reach the pods that call another
     * service – account-service's API pods and reconciliation jobs, the console – as mounted Secret files, which the
     * kubelet refreshes: never as environment variables or through a subPath, which keep the value the pod started
     * with.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void serviceTokensAreMountedSecretFilesThatRunningPodsSeeRenewed(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> accountPod = podSpec(manifests.named("Deployment", "account-service").orElseThrow(),
                "spec", "template", "spec");
        Map<String, Object> reconciliationPod = podSpec(manifests.named("CronJob", "account-reconciliation")
                .orElseThrow(), "spec", "jobTemplate", "spec", "template", "spec");
        Map<String, Object> consolePod = podSpec(manifests.named("Deployment", "console").orElseThrow(),
                "spec", "template", "spec");
        Map<String, Object> accountConfig = manifests.named("ConfigMap", "account-service-config").orElseThrow();
        Map<String, Object> consoleConfig = manifests.named("ConfigMap", "console-config").orElseThrow();
        List<TokenFile> tokenFiles = List.of(
                new TokenFile("Deployment account-service", accountPod, accountConfig, "RECHARGE_API_TOKEN",
                        "account-service-token", "token"),
                new TokenFile("CronJob account-reconciliation", reconciliationPod, accountConfig,
                        "RECHARGE_API_TOKEN", "account-service-token", "token"),
                new TokenFile("Deployment console", consolePod, consoleConfig, "CONSOLE_RECHARGE_API_TOKEN",
                        "console-service-tokens", "recharge-service"),
                new TokenFile("Deployment console", consolePod, consoleConfig, "CONSOLE_ACCOUNT_API_TOKEN",
                        "console-service-tokens", "account-service"),
                new TokenFile("Deployment console", consolePod, consoleConfig, "CONSOLE_CALLBACK_API_TOKEN",
                        "console-service-tokens", "callback-service"));
        for (TokenFile expected : tokenFiles) {
            String where = overlay + " " + expected.pod() + " " + expected.variable();
            String file = (String) path(expected.configMap(), "data", expected.variable() + "_FILE");
            assertThat(file).as(where + "_FILE").isNotNull();
            Map<String, Object> container = containers(expected.spec()).get(0);
            assertThat((List<Map<String, Object>>) cast(container.get("envFrom"))).as(where)
                    .anyMatch(from -> name(expected.configMap()).equals(path(from, "configMapRef", "name")));
            assertThat((List<Map<String, Object>>) cast(container.getOrDefault("env", List.of())))
                    .as(where + ": no token in the env")
                    .noneMatch(env -> ((String) env.get("name")).startsWith(expected.variable()));
            Map<String, Object> mount = ((List<Map<String, Object>>) cast(container.get("volumeMounts"))).stream()
                    .filter(m -> file.startsWith(m.get("mountPath") + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": nothing mounted at " + file));
            assertThat(mount).as(where + ": a subPath mount is never refreshed").doesNotContainKey("subPath");
            Map<String, Object> volume = ((List<Map<String, Object>>) cast(expected.spec().get("volumes"))).stream()
                    .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
            assertThat(path(volume, "secret", "secretName")).as(where).isEqualTo(expected.secret());
            List<Map<String, Object>> items = cast(path(volume, "secret", "items"));
            assertThat(items).as(where).contains(Map.of(
                    "key", expected.key(), "path", file.substring(((String) mount.get("mountPath")).length() + 1)));
            assertThat(items).as(where + ": the Secret's token keys, nothing else").map(item -> item.get("key"))
                    .containsExactlyInAnyOrderElementsOf(tokenFiles.stream().filter(other -> other.pod()
                            .equals(expected.pod()) && other.secret().equals(expected.secret()))
                            .map(TokenFile::key).toList());
        }
    }

    /** A pod calling another service, the variable naming its token ({@code <variable>_FILE}), and the Secret. */
    private record TokenFile(String pod, Map<String, Object> spec, Map<String, Object> configMap, String variable,
            String secret, String key) {
    }

    /** The KafkaTopics are the main topic, one per step of the configured ladder, and the DLT, kept long enough. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void kafkaTopicsMatchTheConfiguredRetryLadder(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> config = manifests.named("ConfigMap", "account-service-config").orElseThrow();
        Object configured = path(config, "data", "ACCOUNT_RETRY_LADDER");
        RetryLadder ladder = RetryLadder.parse(configured != null ? (String) configured : RetryLadder.DEFAULT);

        Map<String, Map<String, Object>> topics = manifests.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(RenderedManifests::name, topic -> topic));
        List<String> expected = new ArrayList<>(ladder.topics());
        expected.add(Topics.RECHARGE_RESULTS);
        expected.add(Topics.RECHARGE_RESULTS_DLT);
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected);

        for (int step = 0; step < ladder.size(); step++) {
            Map<String, Object> topic = topics.get(ladder.topic(step));
            long retention = ((Number) path(topic, "spec", "config", "retention.ms")).longValue();
            assertThat(retention).as(ladder.topic(step) + " outlives its delay by a day")
                    .isGreaterThanOrEqualTo(ladder.delays().get(step).plus(Duration.ofDays(1)).toMillis());
        }
        // One partition count for all: a retried record keeps its key's place, and every consumer has work.
        Set<Object> partitions = topics.values().stream().map(t -> path(t, "spec", "partitions"))
                .collect(Collectors.toSet());
        assertThat(partitions).hasSize(1);
        for (String consumer : List.of("account-service", "callback-service")) {
            manifests.named("HorizontalPodAutoscaler", consumer).ifPresent(hpa -> assertThat(
                    ((Number) partitions.iterator().next()).intValue()).as("partitions for the most " + consumer)
                    .isGreaterThanOrEqualTo(((Number) path(hpa, "spec", "maxReplicas")).intValue()));
        }
    }

    private static Map<String, Object> podSpec(Map<String, Object> object, String... keys) {
        return cast(path(object, keys));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> pod) {
        return cast(pod.get("containers"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
