package io.rechargenotify.benchmark;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The callbacks phase: a fast local receiver (answers 204 at once) registered as {@code endpoints} endpoints on
 * callback-service, each wanting every result, so every recharge is called back that many times. Measures callbacks
 * per second and commit-to-callback latency (recharge committed → the receiver has the call) from the receiver's own
 * clock and recharge-service's commit timestamps.
 */
final class CallbackPhase implements AutoCloseable {

    private static final Pattern TX_NO = Pattern.compile("\"txNo\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(16);
    /** txNo → when each of its callbacks arrived. */
    private final Map<UUID, List<Instant>> received = new ConcurrentHashMap<>();

    CallbackPhase() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            Instant at = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            Matcher txNo = TX_NO.matcher(body);
            if (txNo.find()) {
                received.compute(UUID.fromString(txNo.group(1)), (id, times) -> {
                    List<Instant> all = times == null ? new ArrayList<>() : times;
                    all.add(at);
                    return all;
                });
            }
        });
        server.start();
    }

    /** Registers the receiver as {@code count} endpoints without filters. */
    void register(HttpClient http, String callbackUrl, String token, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String body = "{\"url\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/bench/" + i
                    + "\",\"description\":\"bin/benchmark receiver " + i + "\"}";
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(callbackUrl + "/endpoints"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("registering the receiver: " + created.statusCode() + " "
                        + created.body());
            }
        }
    }

    /**
     * Waits until every recharge has its {@code perRecharge} callbacks, for a few minutes at most; false if some are
     * still missing then (the figures say how many came: a saturated dispatcher is a result, not a crash).
     */
    boolean awaitCallbacks(List<UUID> txNos, int perRecharge) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (txNos.stream().anyMatch(txNo -> callbacksOf(txNo) < perRecharge)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(200); // polling the receiver's record; nothing to wait on
        }
        return true;
    }

    /** Callbacks per second from the phase's start to the last callback, and commit-to-callback latency. */
    Map<String, Object> figures(Instant start, Map<UUID, Instant> committed) {
        Stats latency = new Stats();
        Instant last = start;
        int count = 0;
        for (Map.Entry<UUID, Instant> commit : committed.entrySet()) {
            for (Instant at : received.getOrDefault(commit.getKey(), List.of())) {
                latency.add(Duration.between(commit.getValue(), at).toNanos() / 1e6);
                last = at.isAfter(last) ? at : last;
                count++;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("callbacks", count);
        result.put("callbacksPerSecond", Stats.round(count / (Duration.between(start, last).toMillis() / 1000.0)));
        result.put("commitToCallbackMs", latency.summary());
        return result;
    }

    private int callbacksOf(UUID txNo) {
        List<Instant> times = received.get(txNo);
        return times == null ? 0 : times.size();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow(); // non-daemon threads would keep the driver's JVM alive
    }
}
