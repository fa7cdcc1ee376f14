package io.rechargenotify.k8s;

import static io.rechargenotify.k8s.RenderedManifests.name;
import static io.rechargenotify.k8s.RenderedManifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NetworkPolicies of each overlay, evaluated against the rendered pods: every pod is denied both ways by default
 * and allowed back exactly its peers and ports – no rule without a peer or a port, which would allow all.
 */
class NetworkPolicyManifestsTest {

    private static final String DNS = "namespace{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns}";
    private static final String KAFKA = "pods{strimzi.io/broker-role=true, strimzi.io/cluster=recharge-notify}";
    private static final String MONITORING = "namespace{kubernetes.io/metadata.name=monitoring}";
    private static final String RECHARGE_SERVICE = "pods{app.kubernetes.io/name=recharge-service}";
    private static final String ACCOUNT_SERVICE = "pods{app.kubernetes.io/name=account-service}";
    private static final String CALLBACK_SERVICE = "pods{app.kubernetes.io/name=callback-service}";
    private static final String CONSOLE = "pods{app.kubernetes.io/name=console}";
    private static final String INGRESS_CONTROLLER = "namespace{kubernetes.io/metadata.name=ingress-nginx}";
    /** The services that talk to Kafka; the console does not. */
    private static final List<String> KAFKA_CLIENTS = List.of("recharge-service", "account-service",
            "callback-service");
    private static final String INTERNET_V4 = "ip{cidr=0.0.0.0/0, except=[10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, "
            + "169.254.0.0/16, 100.64.0.0/10, 127.0.0.0/8]}";
    private static final String INTERNET_V6 = "ip{cidr=::/0, except=[fc00::/7, fe80::/10, ::ffff:0:0/96]}";
    /** Where pods, services, nodes and the cloud metadata endpoint live: never reachable through an address block. */
    private static final List<String> INTERNAL_V4 = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "169.254.0.0/16", "100.64.0.0/10");
    private static final List<String> INTERNAL_V6 = List.of("fc00::/7", "fe80::/10");

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyPodIsDeniedByDefaultBothWays(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Map<String, Object>> pods = pods(manifests);
        assertThat(pods).hasSize(5);
        List<Map<String, Object>> denyAll = manifests.ofKind("NetworkPolicy").stream()
                .filter(policy -> path(policy, "spec", "ingress") == null && path(policy, "spec", "egress") == null)
                .filter(policy -> ((List<?>) path(policy, "spec", "policyTypes")).containsAll(List.of("Ingress",
                        "Egress")))
                .toList();
        pods.forEach((pod, labels) -> assertThat(denyAll).as(pod + " is selected by a default-deny")
                .anyMatch(policy -> selects(cast(path(policy, "spec", "podSelector")), labels)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachPodIsAllowedExactlyItsPeers(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Map<String, Object>> pods = pods(manifests);

        assertThat(allowed(manifests, pods.get("Deployment recharge-service"), "ingress")).containsExactlyInAnyOrder(
                ACCOUNT_SERVICE + " TCP/8081",
                CONSOLE + " TCP/8081",
                MONITORING + " TCP/8081");
        assertThat(allowed(manifests, pods.get("Deployment recharge-service"), "egress")).containsExactlyInAnyOrder(
                "pods{cnpg.io/cluster=recharge-db} TCP/5432",
                KAFKA + " TCP/9093",
                DNS + " UDP/53", DNS + " TCP/53");

        assertThat(allowed(manifests, pods.get("Deployment account-service"), "ingress")).containsExactlyInAnyOrder(
                INGRESS_CONTROLLER + " TCP/8082",
                CONSOLE + " TCP/8082",
                MONITORING + " TCP/8082");
        assertThat(allowed(manifests, pods.get("Deployment account-service"), "egress")).containsExactlyInAnyOrder(
                "pods{cnpg.io/cluster=account-db} TCP/5432",
                KAFKA + " TCP/9093",
                RECHARGE_SERVICE + " TCP/8081",
                DNS + " UDP/53", DNS + " TCP/53");

        assertThat(allowed(manifests, pods.get("Deployment callback-service"), "ingress")).containsExactlyInAnyOrder(
                INGRESS_CONTROLLER + " TCP/8083",
                CONSOLE + " TCP/8083",
                MONITORING + " TCP/8083");
        assertThat(allowed(manifests, pods.get("Deployment callback-service"), "egress")).containsExactlyInAnyOrder(
                "pods{cnpg.io/cluster=callback-db} TCP/5432",
                KAFKA + " TCP/9093",
                INTERNET_V4 + " TCP/443", INTERNET_V6 + " TCP/443",
                DNS + " UDP/53", DNS + " TCP/53");

        // The console: operators through the ingress controller, the scraper; out, the three APIs and DNS – no
        // database, no Kafka – and its OIDC provider, an address block the overlay names (checked below).
        assertThat(allowed(manifests, pods.get("Deployment console"), "ingress")).containsExactlyInAnyOrder(
                INGRESS_CONTROLLER + " TCP/8084",
                MONITORING + " TCP/8084");
        Set<String> consoleEgress = allowed(manifests, pods.get("Deployment console"), "egress");
        Set<String> oidcProvider = consoleEgress.stream().filter(rule -> rule.startsWith("ip{"))
                .collect(Collectors.toSet());
        assertThat(oidcProvider).as(overlay + ": the console reaches its OIDC provider").isNotEmpty()
                .allMatch(rule -> rule.endsWith(" TCP/443"));
        Set<String> expected = new TreeSet<>(oidcProvider);
        expected.addAll(List.of(RECHARGE_SERVICE + " TCP/8081", ACCOUNT_SERVICE + " TCP/8082",
                CALLBACK_SERVICE + " TCP/8083", DNS + " UDP/53", DNS + " TCP/53"));
        assertThat(consoleEgress).containsExactlyInAnyOrderElementsOf(expected)
                .noneMatch(rule -> rule.contains("cnpg.io/cluster") || rule.contains("strimzi.io"));

        assertThat(allowed(manifests, pods.get("CronJob account-reconciliation"), "ingress")).isEmpty();
        assertThat(allowed(manifests, pods.get("CronJob account-reconciliation"), "egress")).containsExactlyInAnyOrder(
                "pods{cnpg.io/cluster=account-db} TCP/5432",
                RECHARGE_SERVICE + " TCP/8081",
                DNS + " UDP/53", DNS + " TCP/53");
    }

    /**
     * Each service's Kafka address is one its policies let it reach – every bootstrap server's port among the egress
     * ports to the Kafka brokers – and it talks to Kafka with SASL over TLS (the 9093 listener takes nothing else).
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachServiceReachesKafkaOnAnAllowedPortWithSaslSsl(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        assertThat(configMaps(manifests, manifests.named("Deployment", "console").orElseThrow()).keySet())
                .as(overlay + " console: no Kafka client").noneMatch(key -> key.startsWith("KAFKA_"));
        List<Map<String, Object>> clients = manifests.ofKind("Deployment").stream()
                .filter(deployment -> KAFKA_CLIENTS.contains(name(deployment))).toList();
        assertThat(clients).hasSize(KAFKA_CLIENTS.size());
        for (Map<String, Object> deployment : clients) {
            String where = overlay + " " + name(deployment);
            Map<String, Object> config = configMaps(manifests, deployment);
            assertThat(config).as(where).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            Object servers = config.get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(servers).as(where + " KAFKA_BOOTSTRAP_SERVERS").isNotNull();

            Map<String, Object> labels = cast(path(deployment, "spec", "template", "metadata", "labels"));
            Set<String> kafkaPorts = allowed(manifests, labels, "egress").stream()
                    .filter(rule -> rule.startsWith(KAFKA + " ")).map(rule -> rule.substring(KAFKA.length() + 1))
                    .collect(Collectors.toSet());
            for (String server : String.valueOf(servers).split(",")) {
                String port = server.trim().substring(server.trim().lastIndexOf(':') + 1);
                assertThat(kafkaPorts).as(where + ": egress to the Kafka brokers allows " + server)
                        .contains("TCP/" + port);
            }
        }
    }

    /**
     * An address block is only ever the internet, for callback-service's HTTPS calls: every block that contains the
     * cluster's private, shared and link-local ranges cuts them out, and opens 443 only – a callback URL can never
     * reach a pod, a node or the metadata endpoint, even if the service's own checks let it through. The one other
     * block is the console's OIDC provider: HTTPS only, a narrow block (never the internet, never the link-local
     * metadata range), in a policy of the overlay's own, not in the base.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void addressBlocksAreThePublicInternetOnHttpsOnly(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        int internet = 0;
        int oidc = 0;
        for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
            for (String direction : List.of("ingress", "egress")) {
                for (Map<String, Object> rule : rules(policy, direction)) {
                    for (Map<String, Object> peer : peers(rule, direction)) {
                        Map<String, Object> block = cast(peer.get("ipBlock"));
                        if (block == null) {
                            continue;
                        }
                        String where = overlay + " " + name(policy) + " " + block;
                        assertThat(direction).as(where).isEqualTo("egress");
                        assertThat((List<Object>) cast(rule.get("ports"))).as(where)
                                .containsExactly(Map.of("protocol", "TCP", "port", 443));
                        Map<String, Object> selected = cast(path(policy, "spec", "podSelector", "matchLabels"));
                        String cidr = (String) block.get("cidr");
                        if (selected.equals(Map.of("app.kubernetes.io/name", "console",
                                "app.kubernetes.io/component", "web"))) {
                            oidc++;
                            assertThat(name(policy)).as(where + ": the overlay's own policy")
                                    .isEqualTo("console-oidc-provider");
                            assertThat(peers(rule, direction)).as(where + ": address blocks only")
                                    .allMatch(p -> p.keySet().equals(Set.of("ipBlock")));
                            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
                            if (cidr.contains(":")) {
                                assertThat(prefix).as(where + ": a narrow block").isGreaterThanOrEqualTo(32);
                                assertThat(cidr.toLowerCase(Locale.ROOT)).as(where).doesNotMatch("fe[89ab].*");
                            } else {
                                assertThat(prefix).as(where + ": a narrow block").isGreaterThanOrEqualTo(16);
                                assertThat(cidr).as(where).doesNotStartWith("169.254.");
                            }
                            continue;
                        }
                        internet++;
                        assertThat(selected).as(where).isEqualTo(Map.of("app.kubernetes.io/name", "callback-service",
                                        "app.kubernetes.io/component", "api"));
                        List<String> except = cast(block.getOrDefault("except", List.of()));
                        assertThat(except).as(where).containsAll(cidr.contains(":") ? INTERNAL_V6 : INTERNAL_V4);
                    }
                }
            }
        }
        assertThat(internet).as(overlay + ": callback-service reaches the internet").isEqualTo(2);
        assertThat(oidc).as(overlay + ": the console reaches its OIDC provider").isPositive();
    }

    /** The base opens no address block to the console: its OIDC provider is each overlay's decision. */
    @Test
    void theBaseLetsTheConsoleReachTheThreeApisAndDnsOnly() throws Exception {
        RenderedManifests manifests = RenderedManifests.render("../base");
        Map<String, Map<String, Object>> pods = pods(manifests);
        assertThat(allowed(manifests, pods.get("Deployment console"), "egress")).containsExactlyInAnyOrder(
                RECHARGE_SERVICE + " TCP/8081", ACCOUNT_SERVICE + " TCP/8082", CALLBACK_SERVICE + " TCP/8083",
                DNS + " UDP/53", DNS + " TCP/53");
    }

    /**
     * The console's API URLs (console-config) name Services whose pods its egress and their ingress both allow on the
     * port the URL ends up at: a URL and a policy that disagree would fail only in a cluster.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void theConsoleReachesEachApiAtItsConfiguredUrl(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Map<String, Map<String, Object>> pods = pods(manifests);
        Map<String, Object> console = manifests.named("Deployment", "console").orElseThrow();
        Map<String, Object> config = configMaps(manifests, console);
        Set<String> consoleEgress = allowed(manifests, pods.get("Deployment console"), "egress");
        for (String variable : List.of("CONSOLE_RECHARGE_API_URL", "CONSOLE_ACCOUNT_API_URL",
                "CONSOLE_CALLBACK_API_URL")) {
            URI url = URI.create((String) config.get(variable));
            String where = overlay + " " + variable + "=" + url;
            Map<String, Object> service = manifests.ofKind("Service").stream()
                    .filter(s -> name(s).equals(url.getHost())).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no such Service"));
            Map<String, Object> servicePort = ((List<Map<String, Object>>) cast(path(service, "spec", "ports")))
                    .stream().filter(p -> Integer.valueOf(url.getPort()).equals(p.get("port"))).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": the Service has no such port"));
            Map<String, Object> selector = cast(path(service, "spec", "selector"));
            Map<String, Object> deployment = manifests.ofKind("Deployment").stream()
                    .filter(d -> selects(Map.of("matchLabels", selector), cast(path(d, "spec", "template", "metadata",
                            "labels")))).findFirst().orElseThrow();
            List<Map<String, Object>> containerPorts = cast(((List<Map<String, Object>>) cast(path(deployment, "spec",
                    "template", "spec", "containers"))).get(0).get("ports"));
            Object target = servicePort.get("targetPort");
            Object podPort = containerPorts.stream().filter(p -> target.equals(p.get("name"))
                    || target.equals(p.get("containerPort"))).findFirst().orElseThrow().get("containerPort");
            assertThat(consoleEgress).as(where + ": the console may call it")
                    .contains("pods{app.kubernetes.io/name=" + name(deployment) + "} TCP/" + podPort);
            assertThat(allowed(manifests, pods.get("Deployment " + name(deployment)), "ingress"))
                    .as(where + ": it admits the console").contains(CONSOLE + " TCP/" + podPort);
        }
    }

    /** The peers named by the policies are the pods the dev overlay's operators create: the clusters it defines. */
    @ParameterizedTest
    @ValueSource(strings = { "dev" })
    void databaseAndKafkaPeersNameTheOverlaysClusters(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        Set<String> postgres = new TreeSet<>();
        Set<String> kafka = new TreeSet<>();
        for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
            for (Map<String, Object> rule : rules(policy, "egress")) {
                for (Map<String, Object> peer : peers(rule, "egress")) {
                    Map<String, Object> labels = cast(path(peer, "podSelector", "matchLabels"));
                    if (labels != null && labels.containsKey("cnpg.io/cluster")) {
                        postgres.add((String) labels.get("cnpg.io/cluster"));
                    }
                    if (labels != null && labels.containsKey("strimzi.io/cluster")) {
                        kafka.add((String) labels.get("strimzi.io/cluster"));
                    }
                }
            }
        }
        assertThat(postgres).containsExactlyInAnyOrderElementsOf(names(manifests.ofKind("Cluster")));
        assertThat(kafka).containsExactlyInAnyOrderElementsOf(names(manifests.ofKind("Kafka")));
    }

    /** The data of the ConfigMaps a Deployment's container takes its environment from. */
    private static Map<String, Object> configMaps(RenderedManifests manifests, Map<String, Object> deployment) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<Map<String, Object>> containers = cast(path(deployment, "spec", "template", "spec", "containers"));
        List<Map<String, Object>> sources = cast(containers.get(0).get("envFrom"));
        for (Map<String, Object> source : sources == null ? List.<Map<String, Object>>of() : sources) {
            Object configMap = path(source, "configMapRef", "name");
            manifests.ofKind("ConfigMap").stream().filter(c -> name(c).equals(configMap)).findFirst()
                    .ifPresent(c -> data.putAll(cast(c.get("data"))));
        }
        return data;
    }

    /** Every pod template of the overlay, by "Kind name", with its labels. */
    private static Map<String, Map<String, Object>> pods(RenderedManifests manifests) {
        Map<String, Map<String, Object>> pods = new LinkedHashMap<>();
        manifests.ofKind("Deployment").forEach(d -> pods.put("Deployment " + name(d),
                cast(path(d, "spec", "template", "metadata", "labels"))));
        manifests.ofKind("CronJob").forEach(c -> pods.put("CronJob " + name(c),
                cast(path(c, "spec", "jobTemplate", "spec", "template", "metadata", "labels"))));
        return pods;
    }

    /** What the policies selecting a pod allow in one direction, one "peer protocol/port" per pair (or ANY). */
    private static Set<String> allowed(RenderedManifests manifests, Map<String, Object> pod, String direction) {
        assertThat(pod).isNotNull();
        Set<String> allowed = new TreeSet<>();
        for (Map<String, Object> policy : manifests.ofKind("NetworkPolicy")) {
            if (!selects(cast(path(policy, "spec", "podSelector")), pod)) {
                continue;
            }
            for (Map<String, Object> rule : rules(policy, direction)) {
                List<Map<String, Object>> peers = peers(rule, direction);
                List<Map<String, Object>> ports = cast(rule.get("ports"));
                for (Map<String, Object> peer : peers.isEmpty() ? List.<Map<String, Object>>of(Map.of()) : peers) {
                    for (Map<String, Object> port : ports == null ? List.<Map<String, Object>>of(Map.of()) : ports) {
                        allowed.add(describe(peer) + " " + port.getOrDefault("protocol", "TCP") + "/"
                                + port.getOrDefault("port", "ANY"));
                    }
                }
            }
        }
        return allowed;
    }

    private static List<Map<String, Object>> rules(Map<String, Object> policy, String direction) {
        List<Map<String, Object>> rules = cast(path(policy, "spec", direction));
        return rules == null ? List.of() : rules;
    }

    private static List<Map<String, Object>> peers(Map<String, Object> rule, String direction) {
        List<Map<String, Object>> peers = cast(rule.get(direction.equals("ingress") ? "from" : "to"));
        return peers == null ? List.of() : peers;
    }

    private static String describe(Map<String, Object> peer) {
        List<String> parts = new ArrayList<>();
        if (peer.containsKey("ipBlock")) {
            parts.add("ip" + peer.get("ipBlock"));
        }
        if (peer.containsKey("namespaceSelector")) {
            parts.add("namespace" + selector(cast(peer.get("namespaceSelector"))));
        }
        if (peer.containsKey("podSelector")) {
            parts.add("pods" + selector(cast(peer.get("podSelector"))));
        }
        return parts.isEmpty() ? "ANY" : String.join(" ", parts);
    }

    /** A selector as sorted key=value pairs; an empty one (everything) or one with expressions reads differently. */
    private static String selector(Map<String, Object> selector) {
        Map<String, Object> labels = cast(selector.get("matchLabels"));
        String matched = labels == null ? "" : labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().collect(Collectors.joining(", "));
        Object expressions = selector.get("matchExpressions");
        return "{" + matched + (expressions == null ? "" : " " + expressions) + "}";
    }

    /** Whether a pod selector (matchLabels and matchExpressions) selects pods with these labels. */
    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> matchLabels = cast(selector.get("matchLabels"));
        if (matchLabels != null && !labels.entrySet().containsAll(matchLabels.entrySet())) {
            return false;
        }
        List<Map<String, Object>> expressions = cast(selector.get("matchExpressions"));
        if (expressions == null) {
            return true;
        }
        return expressions.stream().allMatch(expression -> {
            Object value = labels.get(expression.get("key"));
            List<?> values = cast(expression.get("values"));
            return switch ((String) expression.get("operator")) {
                case "In" -> values.contains(value);
                case "NotIn" -> !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + expression.get("operator"));
            };
        });
    }

    private static List<String> names(List<Map<String, Object>> objects) {
        return objects.stream().map(RenderedManifests::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
