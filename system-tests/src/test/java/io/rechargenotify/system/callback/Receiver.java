package io.rechargenotify.system.callback;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The receivers outside the organisation: one real HTTP server on loopback, one path per endpoint. It checks the
 * signature of EVERY call with the Standard Webhooks reference library (code no one here wrote), keeps every call for
 * the test, and misbehaves on purpose while told to: 15 % 500, 15 % 503, 10 % hang past the sender's 10 s call
 * timeout, 5 % drop the connection without an answer, 10 % answer 200 after a slow body. A path marked dead hangs on
 * every call until revived.
 */
final class Receiver implements AutoCloseable {

    /** How a call was answered. */
    enum Answer {
        OK, SLOW_OK, ERROR_500, ERROR_503, HANG, DROP;

        boolean acknowledges() {
            return this == OK || this == SLOW_OK;
        }
    }

    /** One call as the receiver saw it; {@code answeredAt} is when the answer was complete. */
    record Call(String path, String webhookId, String txNo, boolean signatureValid, Answer answer, Instant receivedAt,
            Instant answeredAt) {
    }

    /** Longer than callback-service's whole-call timeout (10 s): the sender gives up first. */
    private static final long HANG_MILLIS = 12_000;
    private static final Pattern TX_NO = Pattern.compile("\"txNo\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger callCount = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean misbehaving;
    private volatile long okDelayMillis;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of the path an endpoint is registered with; its calls are verified with {@code secret}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    void misbehave(boolean on) {
        misbehaving = on;
    }

    /** Every good answer only after this pause (a slow but healthy receiver, so calls are in flight). */
    void answerOkAfter(long millis) {
        okDelayMillis = millis;
    }

    void dead(String path, boolean isDead) {
        if (isDead) {
            dead.add(path);
        } else {
            dead.remove(path);
        }
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** When each recharge (txNo) was first acknowledged with a complete 2xx answer. */
    Map<String, Instant> firstAcknowledged() {
        Map<String, Instant> first = new java.util.HashMap<>();
        for (Call call : calls) {
            if (call.answer().acknowledges() && call.txNo() != null) {
                first.merge(call.txNo(), call.answeredAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first;
    }

    int callCount() {
        return callCount.get();
    }

    /** The webhook-ids of the calls being answered right now. */
    Set<String> inFlight() {
        return Set.copyOf(inFlight.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = Instant.now();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
        boolean valid = verifies(path, body, exchange);
        Matcher txNo = TX_NO.matcher(body);
        String key = webhookId + "@" + callCount.incrementAndGet();
        inFlight.put(key, true);
        Answer answer = dead.contains(path) ? Answer.HANG : misbehaving ? pick() : Answer.OK;
        try {
            answer(exchange, answer);
        } finally {
            inFlight.remove(key);
            calls.add(new Call(path, webhookId, txNo.find() ? txNo.group(1) : null, valid, answer, receivedAt,
                    Instant.now()));
        }
    }

    private boolean verifies(String path, String body, HttpExchange exchange) {
        String secret = secrets.get(path);
        if (secret == null) {
            return false;
        }
        try {
            new Webhook(secret).verify(body, HttpHeaders.of(exchange.getRequestHeaders(), (name, value) -> true));
            return true;
        } catch (WebhookVerificationException | RuntimeException e) {
            return false;
        }
    }

    private static Answer pick() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 15) {
            return Answer.ERROR_500;
        }
        if (roll < 30) {
            return Answer.ERROR_503;
        }
        if (roll < 40) {
            return Answer.HANG;
        }
        if (roll < 45) {
            return Answer.DROP;
        }
        return roll < 55 ? Answer.SLOW_OK : Answer.OK;
    }

    // The pauses below are the receiver's behaviour under test, not synchronisation.
    private void answer(HttpExchange exchange, Answer answer) throws IOException {
        switch (answer) {
            case OK -> {
                pause(okDelayMillis);
                send(exchange, 200, "ok");
            }
            case ERROR_500 -> send(exchange, 500, "internal error");
            case ERROR_503 -> send(exchange, 503, "busy");
            case HANG -> {
                pause(HANG_MILLIS);
                exchange.close(); // no answer at all: the sender timed out long ago
            }
            // closed before any answer byte: the sender's read fails on a dead connection
            case DROP -> exchange.close();
            case SLOW_OK -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write("accepted, ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    pause(ThreadLocalRandom.current().nextLong(500, 2_500));
                    out.write("slowly".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Waits, cut short when the receiver closes (so close never waits for a hanging answer). */
    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
