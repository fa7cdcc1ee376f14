package io.rechargenotify.account.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A stand-in for recharge-service's recharge API (submit, find, list completed) that a test fills with recharges,
 * takes down, or holds on one txNo: the reconciliation tests need outcomes and timings the real service does not
 * offer on demand. Injected into fields of type {@code FakeRechargeService}.
 */
public class FakeRechargeService implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Map<UUID, Map<String, Object>> recharges = new ConcurrentHashMap<>();
    private final Map<UUID, Hold> holds = new ConcurrentHashMap<>();
    private final List<String> listedWindows = new CopyOnWriteArrayList<>();
    private volatile Predicate<Instant> listingDown = from -> false;
    private volatile Duration findDelay = Duration.ZERO;
    private volatile String requiredToken;
    private volatile String lastAuthorization;
    private final AtomicInteger finds = new AtomicInteger();
    private HttpServer server;
    private ExecutorService threads;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A thread per call: one held call must not hold up the others.
        threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/recharges", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.recharge-api.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        holds.values().forEach(Hold::release);
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.MatchesType(FakeRechargeService.class));
    }

    /** A recharge the fake knows, completed at {@code completedAt} (null: still PENDING). */
    public void add(UUID txNo, String accountNo, String amount, String currency, String status, Instant completedAt) {
        Map<String, Object> recharge = new LinkedHashMap<>();
        recharge.put("txNo", txNo);
        recharge.put("accountNo", accountNo);
        recharge.put("amount", new BigDecimal(amount));
        recharge.put("currency", currency);
        recharge.put("status", status);
        recharge.put("createdAt", completedAt != null ? completedAt : Instant.now());
        recharge.put("completedAt", completedAt);
        recharges.put(txNo, recharge);
    }

    /** The listing of completed recharges answers 503 for the windows whose start matches. */
    public void listingDownFor(Predicate<Instant> windowFrom) {
        listingDown = windowFrom;
    }

    /** The windows asked for, "from/to", in the order of the first page of each listing. */
    public List<String> listedWindows() {
        return List.copyOf(listedWindows);
    }

    /** Makes every look-up by txNo take this long: a slow recharge-service. */
    public void slowFinds(Duration delay) {
        findDelay = delay;
    }

    /** How many look-ups by txNo were asked. */
    public int finds() {
        return finds.get();
    }

    /** Answers 401, as recharge-service does to a stale or unknown token, to calls without this bearer token. */
    public void requireToken(String token) {
        requiredToken = token;
    }

    /** The Authorization header of the last call (null: none). */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** Holds every look-up of {@code txNo} until the returned hold is released. */
    public Hold hold(UUID txNo) {
        Hold hold = new Hold();
        holds.put(txNo, hold);
        return hold;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            lastAuthorization = authorization;
            String required = requiredToken;
            if (required != null && !("Bearer " + required).equals(authorization)) {
                answer(exchange, 401, Map.of("title", "Unauthorized"));
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())) {
                JsonNode request = JSON.readTree(exchange.getRequestBody());
                UUID txNo = UUID.fromString(request.get("txNo").asText());
                recharges.putIfAbsent(txNo, Map.of("txNo", txNo, "accountNo", request.get("accountNo").asText(),
                        "amount", new BigDecimal(request.get("amount").asText()),
                        "currency", request.get("currency").asText(), "status", "PENDING",
                        "createdAt", Instant.now()));
                answer(exchange, 201, recharges.get(txNo));
            } else if (path.equals("/recharges")) {
                list(exchange);
            } else {
                UUID txNo = UUID.fromString(path.substring("/recharges/".length()));
                finds.incrementAndGet();
                slow();
                Hold hold = holds.get(txNo);
                if (hold != null) {
                    hold.await();
                }
                Map<String, Object> recharge = recharges.get(txNo);
                answer(exchange, recharge != null ? 200 : 404, recharge != null ? recharge : Map.of());
            }
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        if (query.get("after") == null) {
            listedWindows.add(query.get("completedFrom") + "/" + query.get("completedTo"));
        }
        Instant from = Instant.parse(query.get("completedFrom"));
        if (listingDown.test(from)) {
            answer(exchange, 503, Map.of("title", "down for the test"));
            return;
        }
        Instant to = Instant.parse(query.get("completedTo"));
        List<Map<String, Object>> items = recharges.values().stream()
                .filter(recharge -> recharge.get("completedAt") instanceof Instant at
                        && !at.isBefore(from) && at.isBefore(to))
                .sorted((a, b) -> {
                    int byTime = ((Instant) a.get("completedAt")).compareTo((Instant) b.get("completedAt"));
                    return byTime != 0 ? byTime : a.get("txNo").toString().compareTo(b.get("txNo").toString());
                })
                .toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next", null);
        answer(exchange, 200, page);
    }

    private void slow() {
        try {
            Thread.sleep(findDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(URI uri) {
        String raw = uri.getRawQuery();
        return raw == null ? Map.of() : Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : ""));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A look-up held by the test: {@link #arrived} once one waits, answered once {@link #release} is called. */
    public static final class Hold {
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public boolean arrived() {
            return arrived.getCount() == 0;
        }

        public void release() {
            released.countDown();
        }

        private void await() {
            arrived.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
