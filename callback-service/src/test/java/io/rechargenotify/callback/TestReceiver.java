package io.rechargenotify.callback;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/**
 * A receiver outside callback-service: a real HTTP server on loopback. Each path answers by a rule of its own (the
 * status for the n-th call to it), and every request is kept for the test to check.
 */
public final class TestReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    public record Received(String path, HttpHeaders headers, String body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, IntUnaryOperator> rules = new ConcurrentHashMap<>();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(path, HttpHeaders.of(exchange.getRequestHeaders(), (name, value) -> true),
                    body));
            int call = calls.merge(path, 1, Integer::sum);
            int status = rules.getOrDefault(path, n -> 200).applyAsInt(call);
            byte[] answer = ("answer " + call + " to " + path).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    /** Answers calls to {@code path} with {@code status(n)} for the n-th call (1 = first). */
    public TestReceiver rule(String path, IntUnaryOperator status) {
        rules.put(path, status);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
