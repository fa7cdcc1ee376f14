package io.rechargenotify.k8s;

import static io.rechargenotify.k8s.RenderedManifests.name;
import static io.rechargenotify.k8s.RenderedManifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The settings a deployment must not get wrong: database connections verify the server (verify-full against the CA of
 * the database the container's credentials name, mounted from its Secret), only the dev overlay allows the simulated
 * payment channel, and the console signs operators in through its OIDC provider over https – never with the local
 * profile's file users – and holds no database or Kafka credentials.
 */
class TrustSettingsManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDatabaseConnectionVerifiesTheServerAgainstItsClustersCa(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Map<String, Object>> pods = pods(manifests);
        assertThat(pods).hasSize(5);
        // The console has no database (consoleSignsInWithOidcOverHttpsAndHoldsNoDataStoreCredentials).
        pods.remove("Deployment console");
        pods.forEach((pod, spec) -> {
            for (Map<String, Object> container : RenderedManifests.<List<Map<String, Object>>>cast(
                    spec.get("containers"))) {
                Map<String, String> env = environment(manifests, container);
                assertThat(env).as(pod).containsEntry("DB_SSL_MODE", "verify-full");
                String caFile = env.get("DB_SSL_ROOT_CERT");
                assertThat(caFile).as(pod + " DB_SSL_ROOT_CERT").isNotNull();
                // The database whose credentials the container reads (CloudNativePG's "<cluster>-app" Secret).
                String cluster = databaseSecret(container).replaceFirst("-app$", "");
                Map<String, Object> mount = RenderedManifests.<List<Map<String, Object>>>cast(
                        container.get("volumeMounts")).stream()
                        .filter(m -> caFile.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow(
                                () -> new AssertionError(pod + ": nothing mounted at " + caFile));
                Map<String, Object> volume = RenderedManifests.<List<Map<String, Object>>>cast(spec.get("volumes"))
                        .stream().filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
                assertThat(path(volume, "secret", "secretName")).as(pod + " CA Secret").isEqualTo(cluster + "-ca");
                assertThat(RenderedManifests.<List<Object>>cast(path(volume, "secret", "items"))).as(pod + ": ca.crt only, never ca.key")
                        .containsExactly(Map.of("key", "ca.crt", "path",
                                caFile.substring(((String) mount.get("mountPath")).length() + 1)));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void onlyTheDevOverlayAllowsTheSimulatedPaymentChannel(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> container = RenderedManifests.<List<Map<String, Object>>>cast(
                pods(manifests).get("Deployment recharge-service").get("containers")).get(0);
        Map<String, String> env = environment(manifests, container);
        if (overlay.equals("dev")) {
            assertThat(env).containsEntry("RECHARGE_CHANNEL_ALLOW_SIMULATED", "true");
        } else {
            assertThat(env).doesNotContainKey("RECHARGE_CHANNEL_ALLOW_SIMULATED");
        }
    }

    /**
     * Callback URLs are the one address in this system that outsiders choose: in every overlay callback-service calls
     * https only and refuses loopback and private targets (its defaults; a local run relaxes them, a cluster never).
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void callbackServiceCallsOnlyHttpsReceiversAtPublicAddresses(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> container = RenderedManifests.<List<Map<String, Object>>>cast(
                pods(manifests).get("Deployment callback-service").get("containers")).get(0);
        Map<String, String> env = environment(manifests, container);
        assertThat(env.getOrDefault("CALLBACK_REQUIRE_HTTPS", "true")).as(overlay).isEqualToIgnoringCase("true");
        assertThat(env.getOrDefault("CALLBACK_ALLOW_LOOPBACK", "false")).as(overlay).isEqualToIgnoringCase("false");
        assertThat(env.getOrDefault("CALLBACK_ALLOW_PRIVATE", "false")).as(overlay).isEqualToIgnoringCase("false");
        assertThat(env).as(overlay + ": no profile that relaxes the target checks").doesNotContainKey(
                "QUARKUS_PROFILE");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void consoleSignsInWithOidcOverHttpsAndHoldsNoDataStoreCredentials(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Object> spec = pods(manifests).get("Deployment console");
        Map<String, Object> container = RenderedManifests.<List<Map<String, Object>>>cast(spec.get("containers"))
                .get(0);
        Map<String, String> env = environment(manifests, container);
        String where = overlay + " console";
        assertThat(env.get("QUARKUS_OIDC_AUTH_SERVER_URL")).as(where + " QUARKUS_OIDC_AUTH_SERVER_URL")
                .startsWith("https://");
        assertThat(env.get("QUARKUS_OIDC_CLIENT_ID")).as(where + " QUARKUS_OIDC_CLIENT_ID").isNotBlank();
        assertThat(env.getOrDefault("QUARKUS_OIDC_TENANT_ENABLED", "true")).as(where).isEqualToIgnoringCase("true");
        assertThat(env).as(where + ": no profile (local sign-in is for bin/run-local and the tests)")
                .doesNotContainKeys("QUARKUS_PROFILE", "CONSOLE_LOCAL_USERS_FILE", "CONSOLE_LOCAL_ROLES_FILE");
        List<Map<String, Object>> values = RenderedManifests.cast(container.get("env"));
        assertThat(values).as(where + ": no local sign-in files or profile from anywhere")
                .noneMatch(value -> ((String) value.get("name")).matches("QUARKUS_PROFILE|CONSOLE_LOCAL_.*"));
        assertThat(env.keySet()).as(where + ": no database or Kafka settings")
                .noneMatch(key -> key.startsWith("DB_") || key.startsWith("KAFKA_"));
        assertThat(values).as(where + ": no database or Kafka credentials")
                .noneMatch(value -> ((String) value.get("name")).matches("(DB|KAFKA)_.*"))
                .noneMatch(value -> String.valueOf(path(value, "valueFrom", "secretKeyRef", "name"))
                        .matches(".*-db-app|recharge-service|account-service|callback-service"));
        assertThat(RenderedManifests.<List<Map<String, Object>>>cast(spec.get("volumes")))
                .as(where + ": mounts no Secret but its own service tokens")
                .filteredOn(volume -> volume.containsKey("secret"))
                .allMatch(volume -> "console-service-tokens".equals(path(volume, "secret", "secretName")));
    }

    private static Map<String, Map<String, Object>> pods(RenderedManifests manifests) {
        Map<String, Map<String, Object>> pods = new LinkedHashMap<>();
        manifests.ofKind("Deployment").forEach(d -> pods.put("Deployment " + name(d),
                RenderedManifests.cast(path(d, "spec", "template", "spec"))));
        manifests.ofKind("CronJob").forEach(c -> pods.put("CronJob " + name(c),
                RenderedManifests.cast(path(c, "spec", "jobTemplate", "spec", "template", "spec"))));
        return pods;
    }

    /** A container's literal environment: its ConfigMaps (envFrom), then its own values. */
    private static Map<String, String> environment(RenderedManifests manifests, Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        List<Map<String, Object>> sources = RenderedManifests.cast(container.get("envFrom"));
        for (Map<String, Object> source : sources == null ? List.<Map<String, Object>>of() : sources) {
            Object configMap = path(source, "configMapRef", "name");
            if (configMap != null) {
                Map<String, Object> data = RenderedManifests.cast(path(manifests.ofKind("ConfigMap").stream()
                        .filter(c -> name(c).equals(configMap)).findFirst().orElseThrow(), "data"));
                data.forEach((key, value) -> env.put(key, String.valueOf(value)));
            }
        }
        List<Map<String, Object>> values = RenderedManifests.cast(container.get("env"));
        for (Map<String, Object> value : values == null ? List.<Map<String, Object>>of() : values) {
            if (value.containsKey("value")) {
                env.put((String) value.get("name"), String.valueOf(value.get("value")));
            }
        }
        return env;
    }

    private static String databaseSecret(Map<String, Object> container) {
        List<Map<String, Object>> values = RenderedManifests.cast(container.get("env"));
        return values.stream().filter(value -> "DB_HOST".equals(value.get("name")))
                .map(value -> (String) path(value, "valueFrom", "secretKeyRef", "name")).findFirst().orElseThrow();
    }
}
