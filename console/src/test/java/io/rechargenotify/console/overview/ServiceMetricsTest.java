package io.rechargenotify.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The overview reads a service's Prometheus page by hand: these pin what that reading keeps (the largest value of each
 * name) and what it skips, and that a service that does not answer shows as not ready with no gauges.
 */
class ServiceMetricsTest {

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void keepsTheLargestValueOfANameOverAllItsSeries() {
        Map<String, Double> max = ServiceMetrics.parse("""
                # HELP outbox_parked Rows the relay gave up on
                # TYPE outbox_parked gauge
                outbox_parked{partition="0"} 2.0
                outbox_parked{partition="1"} 7.0
                outbox_parked{partition="2"} 3.0
                """);

        assertThat(max).containsExactly(Map.entry("outbox_parked", 7.0));
    }

    @Test
    void readsUnlabelledAndLabelledLinesAndSkipsCommentsAndBlankLines() {
        Map<String, Double> max = ServiceMetrics.parse("""
                # TYPE outbox_backlog gauge
                outbox_backlog 12.0

                # TYPE recharge_results_dead_letters gauge
                recharge_results_dead_letters{service="account-service"} 1.0
                # EOF
                """);

        assertThat(max).containsOnly(Map.entry("outbox_backlog", 12.0),
                Map.entry("recharge_results_dead_letters", 1.0));
    }

    @Test
    void aLabelValueWithSpacesOrBracesDoesNotChangeTheNameOrTheValue() {
        Map<String, Double> max = ServiceMetrics.parse(
                "http_server_requests_seconds_max{method=\"POST\",uri=\"/a b {c}\",outcome=\"SERVER ERROR\"} 0.25\n");

        assertThat(max).containsExactly(Map.entry("http_server_requests_seconds_max", 0.25));
    }

    @Test
    void aNotANumberSampleDoesNotHideTheOtherSeries() {
        Map<String, Double> max = ServiceMetrics.parse("""
                kafka_consumer_fetch_manager_records_lag_max{client_id="a"} 40.0
                kafka_consumer_fetch_manager_records_lag_max{client_id="b"} NaN
                """);

        assertThat(max).containsExactly(Map.entry("kafka_consumer_fetch_manager_records_lag_max", 40.0));
    }

    @Test
    void aMetricWhoseOnlySampleIsNotANumberIsNotReported() {
        assertThat(ServiceMetrics.parse("outbox_oldest_unpublished_age_seconds NaN\n")).isEmpty();
    }

    @Test
    void malformedLinesAreSkippedAndTheRestIsRead() {
        Map<String, Double> max = ServiceMetrics.parse("""
                no_value_at_all
                 7
                word_instead_of_number abc
                infinity_as_prometheus_writes_it +Inf
                outbox_backlog 5
                """);

        assertThat(max).containsExactly(Map.entry("outbox_backlog", 5.0));
    }

    @Test
    void aSampleWithATimestampIsReadAsItsValueNotTheTimestamp() {
        assertThat(ServiceMetrics.parse("outbox_backlog 5 1733100000000\nx{a=\"1\"} 2.5 1733100000000\n"))
                .containsOnly(Map.entry("outbox_backlog", 5.0), Map.entry("x", 2.5));
    }

    @Test
    void windowsLineEndingsAreRead() {
        assertThat(ServiceMetrics.parse("# TYPE outbox_backlog gauge\r\noutbox_backlog 3.0\r\n"))
                .containsExactly(Map.entry("outbox_backlog", 3.0));
    }

    @Test
    void negativeValuesAreKeptAsTheyAre() {
        assertThat(ServiceMetrics.parse("x{a=\"1\"} -4\nx{a=\"2\"} -2\n")).containsExactly(Map.entry("x", -2.0));
    }

    @Test
    void maxIsEmptyForAMetricTheServiceDoesNotExpose() {
        ServiceMetrics metrics = new ServiceMetrics("recharge-service", true, Map.of("outbox_backlog", 3.0));

        assertThat(metrics.max("outbox_backlog")).contains(3.0);
        assertThat(metrics.max("outbox_parked")).isEmpty();
    }

    @Test
    void scrapeReadsReadinessAndGaugesFromTheService() throws IOException {
        String base = serve(200, 200, "outbox_backlog{a=\"1\"} 4.0\noutbox_backlog{a=\"2\"} 9.0\n");

        ServiceMetrics metrics = ServiceMetrics.scrape("recharge-service", base);

        assertThat(metrics.service()).isEqualTo("recharge-service");
        assertThat(metrics.ready()).isTrue();
        assertThat(metrics.max("outbox_backlog")).contains(9.0);
    }

    @Test
    void aServiceThatIsNotReadyAndHasNoMetricsPageShowsNeither() throws IOException {
        String base = serve(503, 404, "outbox_backlog 4.0\n");

        ServiceMetrics metrics = ServiceMetrics.scrape("recharge-service", base);

        assertThat(metrics.ready()).isFalse();
        assertThat(metrics.maxByName()).isEmpty();
    }

    @Test
    void anOversizedMetricsPageIsNotParsed() throws IOException {
        String base = serve(200, 200, "outbox_backlog 4.0\n" + "#".repeat(4 * 1024 * 1024) + "\n");

        ServiceMetrics metrics = ServiceMetrics.scrape("recharge-service", base);

        assertThat(metrics.ready()).isTrue();
        assertThat(metrics.maxByName()).isEmpty();
    }

    @Test
    @Timeout(60) // without the limit the scrape reads on forever: fail, do not hang the build
    void aMetricsPageThatNeverEndsIsReadOnlyUpToTheLimit() throws IOException {
        AtomicLong written = new AtomicLong();
        String base = serve(200, 200, "");
        server.removeContext("/q/metrics");
        server.createContext("/q/metrics", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length: the page ends when the service says so
            byte[] line = "outbox_backlog 4.0\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(line);
                    written.addAndGet(line.length);
                }
            } catch (IOException hungUp) {
                // the console stopped reading: what this test wants
            }
        });

        ServiceMetrics metrics = ServiceMetrics.scrape("recharge-service", base);

        assertThat(metrics.ready()).isTrue();
        assertThat(metrics.maxByName()).isEmpty();
        assertThat(written.get()).as("bytes the service could send before the console hung up")
                .isLessThan(64L * 1024 * 1024);
    }

    @Test
    void anUnreachableOrUnreadableAddressShowsNotReadyWithoutThrowing() throws IOException {
        String base = serve(200, 200, "");
        server.stop(0);
        server = null;

        assertThat(ServiceMetrics.scrape("account-service", base))
                .isEqualTo(new ServiceMetrics("account-service", false, Map.of()));
        assertThat(ServiceMetrics.scrape("account-service", "not a url"))
                .isEqualTo(new ServiceMetrics("account-service", false, Map.of()));
    }

    /** A stand-in service on a free loopback port: its readiness status, its metrics status and page. */
    private String serve(int readyStatus, int metricsStatus, String metricsPage) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/health/ready", exchange -> answer(exchange, readyStatus, "{}"));
        server.createContext("/q/metrics", exchange -> answer(exchange, metricsStatus, metricsPage));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
