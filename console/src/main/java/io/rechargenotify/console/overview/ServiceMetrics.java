package io.rechargenotify.console.overview;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One service's health and gauges as its Prometheus endpoint ({@code /q/metrics}) shows them right now – the same
 * numbers the alerts watch. The exposition format is read by hand (name, labels, value per line; the largest value of
 * a name kept): no maintained Java library parses it, and the overview needs a handful of gauges, not a TSDB.
 */
public record ServiceMetrics(String service, boolean ready, Map<String, Double> maxByName) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** A metrics page above this is not parsed: a service never writes that much, something else answered. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    public static ServiceMetrics scrape(String service, String baseUrl) {
        boolean ready = get(baseUrl + "/q/health/ready").map(r -> r.status() == 200).orElse(false);
        Map<String, Double> gauges = get(baseUrl + "/q/metrics").filter(r -> r.status() == 200)
                .map(r -> parse(r.body())).orElse(Map.of());
        return new ServiceMetrics(service, ready, gauges);
    }

    /** The largest value of a metric over all its series, if the service exposes it. */
    public Optional<Double> max(String name) {
        return Optional.ofNullable(maxByName.get(name));
    }

    static Map<String, Double> parse(String exposition) {
        Map<String, Double> max = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int labels = line.indexOf('{');
            // name{labels} value [timestamp]: the value is the first word after the labels (or the name)
            int end = labels > 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
            if (end <= 0 || end >= line.length()) {
                continue;
            }
            String name = line.substring(0, labels > 0 ? labels : end).strip();
            String[] rest = line.substring(end).strip().split("\\s+");
            try {
                double value = Double.parseDouble(rest[0]);
                if (!Double.isNaN(value)) {
                    max.merge(name, value, Math::max);
                }
            } catch (NumberFormatException notAValue) {
                // a malformed line: not one of the gauges shown
            }
        }
        return max;
    }

    private record Page(int status, String body) {
    }

    private static Optional<Page> get(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // Read up to the limit only, then hang up: a page that does not end must not fill the console's memory.
            try (InputStream body = response.body()) {
                byte[] page = body.readNBytes(MAX_BODY + 1);
                return page.length > MAX_BODY ? Optional.empty()
                        : Optional.of(new Page(response.statusCode(), new String(page, StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException unreachable) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
