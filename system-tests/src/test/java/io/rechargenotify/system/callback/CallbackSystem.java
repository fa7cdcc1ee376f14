package io.rechargenotify.system.callback;

import static io.restassured.RestAssured.given;

import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemEnv;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The packaged recharge-service and callback-service as processes on the test broker and Postgres, each on a database
 * of its own recreated for the scenario: recharges posted to recharge-service become genuinely signed results on
 * {@code recharge-results}, and callback-service calls them back to the test's {@link Receiver}.
 */
final class CallbackSystem implements AutoCloseable {

    /** One endpoint registered on callback-service: it wants the results of one account, at one receiver path. */
    record Endpoint(String id, String accountNo, String path) {
    }

    private final String rechargeDb;
    private final String callbackDb;
    private final Receiver receiver;
    private final String adminToken = TestTokens.token().roles(Roles.CALLBACK_ADMIN)
            .audience(Roles.CALLBACK_AUDIENCE).subject("system-test").sign();
    private final String rechargeToken = TestTokens.token().roles(Roles.RECHARGE_WRITE)
            .audience(Roles.RECHARGE_AUDIENCE).subject("system-test").sign();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ServiceProcess rechargeService;
    private ServiceProcess callbackService;

    private CallbackSystem(String name, Receiver receiver) {
        this.rechargeDb = name + "_recharge";
        this.callbackDb = name + "_callback";
        this.receiver = receiver;
    }

    /**
     * Starts both services; {@code callbackSettings} adds to (or overrides) callback-service's environment, e.g. a
     * retry schedule of seconds.
     */
    static CallbackSystem start(String name, Receiver receiver, Map<String, String> callbackSettings) {
        CallbackSystem system = new CallbackSystem(name, receiver);
        try {
            Sql.recreate(system.rechargeDb);
            Sql.recreate(system.callbackDb);
            system.rechargeService = ServiceProcess.start("recharge-service", name + "-recharge-service",
                    SystemEnv.forDatabase(system.rechargeDb));
            Map<String, String> env = new HashMap<>(SystemEnv.forDatabase(system.callbackDb));
            // The receiver is a plain-http server on loopback, refused by the prod defaults.
            env.put("CALLBACK_REQUIRE_HTTPS", "false");
            env.put("CALLBACK_ALLOW_LOOPBACK", "true");
            env.putAll(callbackSettings);
            system.callbackService = ServiceProcess.start("callback-service", name + "-callback-service", env);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    ServiceProcess callbackService() {
        return callbackService;
    }

    String callbackDb() {
        return callbackDb;
    }

    String adminToken() {
        return adminToken;
    }

    /** Registers {@code count} endpoints, each for a fresh account, at receiver paths starting with {@code prefix}. */
    List<Endpoint> register(String prefix, int count) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String accountNo = prefix.toUpperCase() + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            String path = "/" + prefix + "/" + i;
            JsonPath created = given().baseUri(callbackService.baseUrl()).auth().oauth2(adminToken)
                    .contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url(path), "accountNos", List.of(accountNo),
                            "description", "system test " + prefix + " " + i))
                    .post("/endpoints").then().statusCode(201).extract().jsonPath();
            receiver.secret(path, created.getString("secret"));
            endpoints.add(new Endpoint(created.getString("id"), accountNo, path));
        }
        return endpoints;
    }

    /**
     * Posts {@code count} recharges to recharge-service, round robin over the endpoints' accounts, 16 at a time;
     * returns each txNo with its endpoint once every one is answered 201.
     */
    Map<UUID, Endpoint> postRecharges(List<Endpoint> endpoints, int count) {
        Map<UUID, Endpoint> posted = new HashMap<>();
        Semaphore window = new Semaphore(16);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Endpoint endpoint = endpoints.get(i % endpoints.size());
            UUID txNo = UUID.randomUUID();
            posted.put(txNo, endpoint);
            HttpRequest request = HttpRequest.newBuilder(URI.create(rechargeService.baseUrl() + "/recharges"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + rechargeToken)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"txNo":"%s","accountNo":"%s","amount":"1.00","currency":"CNY"}"""
                            .formatted(txNo, endpoint.accountNo()))).build();
            window.acquireUninterruptibly();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> window.release())
                    .thenAccept(response -> {
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("recharge answered " + response.statusCode() + ": "
                                    + response.body());
                        }
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return posted;
    }

    /** When each recharge's result was committed in recharge-service (with its outbox row). */
    Map<UUID, Instant> committedAt(Iterable<UUID> txNos) {
        List<UUID> ids = new ArrayList<>();
        txNos.forEach(ids::add);
        Map<UUID, Instant> committed = new HashMap<>();
        try (Connection db = TestDatabases.connect(rechargeDb); PreparedStatement query = db.prepareStatement(
                "SELECT tx_no, completed_at FROM recharge WHERE tx_no = ANY(?) AND completed_at IS NOT NULL")) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    committed.put((UUID) rows.getObject(1), rows.getTimestamp(2).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return committed;
    }

    /**
     * Milliseconds from each recharge's commit to the receiver's first complete 2xx answer for it, sorted; recharges
     * not acknowledged yet are left out.
     */
    List<Long> commitToFirstAckMillis(java.util.Collection<UUID> txNos) {
        Map<String, Instant> acknowledged = receiver.firstAcknowledged();
        return committedAt(txNos).entrySet().stream()
                .filter(commit -> acknowledged.containsKey(commit.getKey().toString()))
                .map(commit -> Duration.between(commit.getValue(), acknowledged.get(commit.getKey().toString()))
                        .toMillis())
                .sorted().toList();
    }

    /** The q-quantile (0..1) of sorted values, nearest rank. */
    static long quantile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Deliveries of these recharges by status, from callback-service's database. */
    Map<String, Long> deliveriesByStatus(Iterable<UUID> txNos) {
        List<UUID> ids = new ArrayList<>();
        txNos.forEach(ids::add);
        Map<String, Long> counts = new HashMap<>();
        try (Connection db = TestDatabases.connect(callbackDb); PreparedStatement query = db.prepareStatement(
                "SELECT status, count(*) FROM delivery WHERE tx_no = ANY(?) GROUP BY status")) {
            query.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** Attempts callback-service made per webhook-id (event id), from its attempt counter. */
    Map<String, Integer> attemptsByEvent() {
        Map<String, Integer> attempts = new HashMap<>();
        try (Connection db = TestDatabases.connect(callbackDb); PreparedStatement query = db.prepareStatement(
                "SELECT event_id, attempts FROM delivery"); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                attempts.put(rows.getString(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return attempts;
    }

    @Override
    public void close() {
        ServiceProcess.closeAll(callbackService, rechargeService);
    }
}
