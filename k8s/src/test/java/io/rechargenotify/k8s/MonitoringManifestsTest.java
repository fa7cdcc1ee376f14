package io.rechargenotify.k8s;

import static io.rechargenotify.k8s.RenderedManifests.cast;
import static io.rechargenotify.k8s.RenderedManifests.name;
import static io.rechargenotify.k8s.RenderedManifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The monitoring component (components/monitoring) as each overlay renders it: the PodMonitors scrape every service's
 * and the console's pods and nothing else, every alert can be acted on (severity, summary, description, a runbook section that exists in
 * the README) and has a promtool test that makes it fire and one that keeps it quiet, and the dashboard and the alerts
 * ask only for metrics the services (or kube-state-metrics) expose.
 */
class MonitoringManifestsTest {

    /**
     * Every metric name an alert or the dashboard may use, as /q/metrics of the running services shows it (Micrometer
     * names in Prometheus form: counters _total, timers _seconds_count/_sum/_max and, with percentiles, the quantile
     * series under the bare name), and the kube-state-metrics series of Jobs. A name missing here is a typo in a rule
     * or a panel, which would otherwise never fire or stay empty.
     */
    private static final Set<String> KNOWN_METRICS = Set.of(
            // recharge-service
            "http_server_requests_seconds_count", "outbox_backlog", "outbox_oldest_unpublished_age_seconds",
            "outbox_parked", "outbox_published_total", "outbox_publish_failures_total",
            "outbox_publish_latency_seconds", "outbox_publish_latency_seconds_count",
            "outbox_publish_latency_seconds_sum", "outbox_publish_latency_seconds_max",
            "outbox_relay_last_pass_age_seconds", "outbox_relay_hung_passes_total", "recharge_pending_stuck",
            "recharge_pending_oldest_age_seconds",
            // account-service
            "account_recharges_pending", "account_recharges_pending_oldest_age_seconds",
            "recharge_results_applied_total", "recharge_results_processed_total", "recharge_results_failures_total",
            "recharge_results_dead_letters", "recharge_results_retry_lag_seconds_max",
            "reconciliation_last_discrepancies", "reconciliation_last_success_timestamp_seconds",
            "reconciliation_runs_total", "reconciliation_repaired_total", "reconciliation_pending_checks_total",
            "ft_circuitbreaker_state_current", "ft_circuitbreaker_opened_total",
            // account-service and callback-service (Kafka client metrics of the SmallRye consumers)
            "kafka_consumer_fetch_manager_records_lag_max",
            // callback-service
            "callback_deliveries_due", "callback_deliveries_oldest_due_age_seconds",
            "callback_deliveries_waiting_disabled", "callback_deliveries_attempts_total",
            "callback_endpoints_disabled",
            // account-service and the console (their service tokens: shared service-token library)
            "service_token_issued_timestamp_seconds", "service_token_expiry_timestamp_seconds",
            // kube-state-metrics
            "kube_job_failed", "kube_job_owner", "kube_job_status_failed");

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final Path MONITORING = Path.of(System.getProperty("k8s.dir", "."), "components", "monitoring");
    private static final Path README = Path.of(System.getProperty("k8s.dir", "."), "..", "README.md");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");
    private static final Pattern METRIC = Pattern.compile("(?<![\\w:.])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without",
            "on", "ignoring", "group_left", "group_right");

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyServiceIsScrapedOnItsHttpPortAndNothingElse(String overlay) throws Exception {
        RenderedManifests manifests = RenderedManifests.render(overlay);
        List<Map<String, Object>> podMonitors = manifests.ofKind("PodMonitor");
        Map<String, String> scrapedBy = new HashMap<>();
        for (Map<String, Object> monitor : podMonitors) {
            String where = overlay + " PodMonitor " + name(monitor);
            assertThat(path(monitor, "spec", "namespaceSelector")).as(where + ": its own namespace only").isNull();
            Map<String, Object> selector = cast(path(monitor, "spec", "selector", "matchLabels"));
            List<Map<String, Object>> selected = new ArrayList<>();
            manifests.ofKind("Deployment").stream()
                    .filter(deployment -> matches(selector, path(deployment, "spec", "template", "metadata", "labels")))
                    .forEach(selected::add);
            assertThat(selected).as(where + " selects one Deployment's pods").hasSize(1);
            assertThat(manifests.ofKind("CronJob")).as(where + " selects no reconciliation Job pods (no HTTP)")
                    .noneMatch(cronJob -> matches(selector, path(cronJob, "spec", "jobTemplate", "spec", "template",
                            "metadata", "labels")));
            Map<String, Object> deployment = selected.get(0);
            scrapedBy.merge(name(deployment), name(monitor), (a, b) -> a + ", " + b);

            Set<String> ports = new HashSet<>();
            List<Map<String, Object>> containers = cast(path(deployment, "spec", "template", "spec", "containers"));
            containers.forEach(container -> ((List<Map<String, Object>>) cast(container.getOrDefault("ports",
                    List.of()))).forEach(port -> ports.add(String.valueOf(port.get("name")))));
            List<Map<String, Object>> endpoints = cast(path(monitor, "spec", "podMetricsEndpoints"));
            assertThat(endpoints).as(where).isNotEmpty().allSatisfy(endpoint -> {
                assertThat(endpoint.get("port")).as(where + " port").isEqualTo("http").isIn(ports);
                assertThat(endpoint.get("path")).as(where + " path").isEqualTo("/q/metrics");
            });
        }
        assertThat(scrapedBy).as(overlay + ": each Deployment scraped by exactly one PodMonitor")
                .containsOnlyKeys("recharge-service", "account-service", "callback-service", "console")
                .allSatisfy((deployment, monitors) -> assertThat(monitors).doesNotContain(","));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyAlertHasASeverityItsValuesAndARunbookSectionInTheReadme(String overlay) throws Exception {
        Set<String> anchors = readmeAnchors();
        List<Map<String, Object>> alerts = alerts(RenderedManifests.render(overlay));
        assertThat(alerts).as(overlay + " alerts").isNotEmpty();
        for (Map<String, Object> rule : alerts) {
            String where = overlay + " alert " + rule.get("alert");
            assertThat((String) path(rule, "labels", "severity")).as(where + " severity").isIn(SEVERITIES);
            assertThat((String) path(rule, "annotations", "summary")).as(where + " summary").isNotBlank();
            assertThat((String) path(rule, "annotations", "description")).as(where + " description")
                    .contains("{{ $labels.namespace }}");
            String runbook = (String) path(rule, "annotations", "runbook_url");
            assertThat(runbook).as(where + " runbook_url").startsWith("README.md#");
            assertThat(anchors).as(where + ": README heading for " + runbook)
                    .contains(runbook.substring("README.md#".length()));
            assertThat(metricNames((String) rule.get("expr"))).as(where + " metrics").isNotEmpty()
                    .isSubsetOf(KNOWN_METRICS);
        }
    }

    @Test
    void everyAlertHasAPromtoolTestWhereItFiresAndOneWhereItStaysQuiet() throws Exception {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        try (Stream<Path> files = Files.list(MONITORING.resolve("tests"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode tests = YAML.readTree(file.toFile());
                assertThat(tests.path("rule_files").toString()).as(file + " reads the rules bin/check-alerts writes")
                        .isEqualTo("[\"recharge-notify.rules.yaml\"]");
                for (JsonNode test : tests.path("tests")) {
                    for (JsonNode check : test.path("alert_rule_test")) {
                        String alert = check.path("alertname").asText();
                        (check.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
                    }
                }
            }
        }
        List<String> alertNames = alerts(RenderedManifests.render("prod")).stream()
                .map(rule -> (String) rule.get("alert")).toList();
        assertThat(fires).as("alerts with a test that makes them fire").containsAll(alertNames);
        assertThat(quiet).as("alerts with a test that keeps them quiet").containsAll(alertNames);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void dashboardIsGrafanaJsonAskingOnlyForKnownMetrics(String overlay) throws Exception {
        Map<String, Object> configMap = RenderedManifests.render(overlay)
                .named("ConfigMap", "recharge-notify-dashboard").orElseThrow();
        assertThat(name(configMap)).as("a fixed name: the JSON is not duplicated per hash")
                .isEqualTo("recharge-notify-dashboard");
        assertThat(path(configMap, "metadata", "labels", "grafana_dashboard")).as("the Grafana sidecar's label")
                .isEqualTo("1");
        String json = (String) path(configMap, "data", "recharge-notify.json");
        assertThat(json).isEqualTo(Files.readString(MONITORING.resolve("dashboards/recharge-notify.json")));

        JsonNode dashboard = JSON.readTree(json);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets")).as("panel " + panel.path("title")).isNotEmpty();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        assertThat(expressions).isNotEmpty().allSatisfy(expr -> assertThat(metricNames(expr)).as(expr)
                .isNotEmpty().isSubsetOf(KNOWN_METRICS));
    }

    @Test
    void metricNamesAreReadFromPromqlWithoutFunctionsLabelsOrKeywords() {
        assertThat(metricNames("sum by (topic, to) (rate(recharge_results_failures_total{namespace=\"$namespace\","
                + " to=\"recharge-results.dlt\"}[$__rate_interval])) > max(outbox_parked offset 1h) and on (pod) "
                + "time() - kube_job_owner{owner_kind=\"CronJob\"} > 26 * 3600"))
                .containsExactlyInAnyOrder("recharge_results_failures_total", "outbox_parked", "kube_job_owner");
    }

    private static boolean matches(Map<String, Object> selector, Object labels) {
        return labels instanceof Map<?, ?> map && selector.entrySet().stream()
                .allMatch(label -> label.getValue().equals(map.get(label.getKey())));
    }

    private static List<Map<String, Object>> alerts(RenderedManifests manifests) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> rule : manifests.ofKind("PrometheusRule")) {
            List<Map<String, Object>> groups = cast(path(rule, "spec", "groups"));
            groups.forEach(group -> ((List<Map<String, Object>>) cast(group.get("rules"))).stream()
                    .filter(r -> r.containsKey("alert")).forEach(alerts::add));
        }
        return alerts;
    }

    /** The anchors GitHub gives the README's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> readmeAnchors() throws IOException {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(Files.readString(README));
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    /** The metric names a PromQL expression selects: identifiers outside {…} and […], not functions or keywords. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = METRIC.matcher(bare);
        while (identifier.find()) {
            if (!PROMQL_WORDS.contains(identifier.group())) {
                names.add(identifier.group());
            }
        }
        return names;
    }
}
