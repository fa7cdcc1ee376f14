package io.rechargenotify.callback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deliveries API as an operator uses it, on real results from the topic and a real receiver: list an endpoint's
 * deliveries and a recharge's (by txNo) in keyset pages, inspect one with its attempt log, resend it (FAILED, and
 * SUCCEEDED too), recover an endpoint's FAILED deliveries since a time – each resend recorded with the token's subject –
 * and the 4xx problems and roles around them.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class DeliveryApiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OPERATOR_NAME = "alice@ops";
    private static TestReceiver receiver;
    private static String operator;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.authorizeAllCalls();
        receiver = new TestReceiver();
        operator = TestTokens.token().roles(Roles.OPS_READ, Roles.OPS_WRITE).subject(OPERATOR_NAME).sign();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aFailedDeliveryIsInspectedWithEveryAttemptAndResentByAnOperator() {
        String account = account();
        String path = "/resend-" + account;
        receiver.rule(path, call -> call <= 3 ? 500 : 200);
        String endpoint = register(receiver.url(path), account);
        RechargeResultEvent event = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));

        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=FAILED").getList("items").size() == 1);
        JsonPath listed = page(endpoint, "?status=FAILED");
        assertThat(listed.getString("items[0].eventId")).isEqualTo(event.eventId().toString());
        assertThat(listed.getInt("items[0].attemptCount")).isEqualTo(3);
        assertThat(listed.getString("items[0].lastError")).isEqualTo("HTTP 500");
        String id = listed.getString("items[0].id");

        given().get("/deliveries/" + id).then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("endpointId", equalTo(endpoint))
                .body("txNo", equalTo(event.txNo().toString()))
                .body("accountNo", equalTo(account))
                .body("eventType", equalTo("RechargeSucceeded"))
                .body("nextAttemptAt", nullValue())
                .body("payload.eventId", equalTo(event.eventId().toString()))
                .body("attempts.attempt", contains(1, 2, 3))
                .body("attempts.httpStatus", everyItem(equalTo(500)))
                .body("attempts.attemptedAt", everyItem(notNullValue()))
                .body("attempts.latencyMs", everyItem(greaterThanOrEqualTo(0)))
                .body("attempts[0].responseExcerpt", equalTo("answer 1 to " + path))
                .body("resends.size()", equalTo(0));

        TestTokens.as(operator, () -> given().post("/deliveries/" + id + "/resend").then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("nextAttemptAt", notNullValue())
                .body("lastResentBy", equalTo(OPERATOR_NAME))
                .body("resends[0].resentBy", equalTo(OPERATOR_NAME))
                .body("resends[0].via", equalTo("resend"))
                .body("resends[0].previousStatus", equalTo("FAILED")));
        Awaitility.await().atMost(TIMEOUT).until(() -> status(id).equals("SUCCEEDED"));
        given().get("/deliveries/" + id).then()
                .body("attemptCount", equalTo(4))
                .body("attempts.httpStatus", contains(500, 500, 500, 200))
                .body("deliveredAt", notNullValue());

        // A delivered one may be resent too: a new attempt plan, and the receiver sees the same webhook-id again.
        TestTokens.as(operator, () -> given().post("/deliveries/" + id + "/resend").then().statusCode(200)
                .body("resends.previousStatus", contains("FAILED", "SUCCEEDED"))
                .body("deliveredAt", nullValue()));
        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.received(path).size() == 5
                && status(id).equals("SUCCEEDED"));
        assertThat(receiver.received(path)).extracting(call -> call.header("webhook-id"))
                .containsOnly(event.eventId().toString());
    }

    @Test
    void deliveriesArePagedOldestFirstAndFilteredByStatus() {
        String account = account();
        String endpoint = register(receiver.url("/paged-" + account), account);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RechargeResultEvent event = event(account);
            published.add(event.eventId().toString());
            TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));
        }
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED&limit=200")
                .getList("items").size() == 5);

        List<String> seen = new ArrayList<>();
        List<String> created = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath page = page(endpoint, "?limit=2" + (after == null ? "" : "&after=" + after));
            assertThat(page.getList("items")).hasSizeBetween(1, 2);
            seen.addAll(page.getList("items.eventId"));
            created.addAll(page.getList("items.createdAt"));
            after = page.getString("next");
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(published);
        assertThat(created).isSortedAccordingTo((a, b) -> Instant.parse(a).compareTo(Instant.parse(b)));
        assertThat(page(endpoint, "?status=FAILED").getList("items")).isEmpty();
        assertThat(page(endpoint, "?status=FAILED").getString("next")).isNull();

        String other = register(receiver.url("/paged-other-" + account), "nobody-" + account);
        String foreign = page(endpoint, "").getString("items[0].id");
        for (String bad : new String[] { "?status=bogus", "?status=failed", "?limit=0", "?limit=201", "?limit=x",
                "?after=not-a-cursor", "?after=" + UUID.randomUUID() }) {
            given().get("/endpoints/" + endpoint + "/deliveries" + bad).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().get("/endpoints/" + other + "/deliveries?after=" + foreign).then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/endpoints/" + UUID.randomUUID() + "/deliveries").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/deliveries/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/deliveries/" + UUID.randomUUID() + "/resend").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aRechargesDeliveriesToEveryEndpointAreListedByTxNoInPages() {
        String account = account();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            endpoints.add(register(receiver.url("/by-tx-no-" + i + "-" + account), account));
        }
        RechargeResultEvent event = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event(account)));
        String txNo = event.txNo().toString();
        Awaitility.await().atMost(TIMEOUT).until(() -> endpoints.stream().allMatch(endpoint ->
                page(endpoint, "?status=SUCCEEDED").getList("items").size() == 2));

        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> {
            JsonPath all = ofRecharge("?txNo=" + txNo);
            assertThat(all.getList("items.endpointId", String.class)).containsExactlyInAnyOrderElementsOf(endpoints);
            assertThat(all.getList("items.txNo", String.class)).containsOnly(txNo);
            assertThat(all.getList("items.eventId", String.class)).containsOnly(event.eventId().toString());
            assertThat(all.getList("items.status", String.class)).containsOnly("SUCCEEDED");
            assertThat(all.getString("next")).isNull();
            List<String> ids = all.getList("items.id");

            JsonPath first = ofRecharge("?txNo=" + txNo + "&limit=2");
            assertThat(first.getList("items.id", String.class)).containsExactlyElementsOf(ids.subList(0, 2));
            assertThat(first.getString("next")).isEqualTo(ids.get(1));
            JsonPath second = ofRecharge("?txNo=" + txNo + "&limit=2&after=" + first.getString("next"));
            assertThat(second.getList("items.id", String.class)).containsExactly(ids.get(2));
            assertThat(second.getString("next")).isNull();

            given().get("/deliveries?txNo=" + UUID.randomUUID()).then().statusCode(200)
                    .body("items", empty()).body("next", nullValue());
        });
    }

    @Test
    void theTxNoLookUpRefusesBadParametersAndNeedsOpsRead() {
        String txNo = "txNo=" + UUID.randomUUID();
        for (String bad : new String[] { "", "?limit=10", "?txNo=", "?txNo=not-a-uuid", "?txNo=1-1-1-1-1",
                "?" + txNo + "&limit=0", "?" + txNo + "&limit=201", "?" + txNo + "&limit=x",
                "?" + txNo + "&after=not-a-cursor", "?" + txNo + "&after=" + UUID.randomUUID() }) {
            given().get("/deliveries" + bad).then().statusCode(400).contentType("application/problem+json");
        }
        given().get("/deliveries?txNo=bogus").then().body("detail", containsString("txNo must be a UUID"));
        TestTokens.as(TestTokens.forRoles(Roles.CALLBACK_ADMIN, Roles.OPS_WRITE), () ->
                given().get("/deliveries?" + txNo).then().statusCode(403).contentType("application/problem+json"));
        TestTokens.withoutToken(() -> given().get("/deliveries?" + txNo).then().statusCode(401)
                .contentType("application/problem+json").extract().statusCode());
    }

    @Test
    void recoverResendsTheEndpointsFailedDeliveriesSinceAGivenTime() {
        String account = account();
        String path = "/recover-" + account;
        AtomicBoolean healthy = new AtomicBoolean();
        receiver.rule(path, call -> healthy.get() ? 200 : 503);
        String endpoint = register(receiver.url(path), account);
        Instant start = Instant.now().minusSeconds(1);
        RechargeResultEvent older = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(older));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=FAILED").getList("items").size() == 1);
        Instant between = Instant.now();
        RechargeResultEvent newer = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(newer));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=FAILED").getList("items").size() == 2);
        healthy.set(true);

        TestTokens.as(operator, () -> given().contentType(ContentType.JSON).body("{\"since\":\"" + between + "\"}")
                .post("/endpoints/" + endpoint + "/recover").then().statusCode(200)
                .body("endpointId", equalTo(endpoint))
                .body("since", equalTo(between.toString()))
                .body("resent", equalTo(1))
                .body("recoveredBy", equalTo(OPERATOR_NAME))
                .body("recoveredAt", notNullValue())
                .body("endpointEnabled", equalTo(true)));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED").getList("items").size()
                == 1);
        JsonPath failed = page(endpoint, "?status=FAILED");
        assertThat(failed.getList("items.eventId")).containsExactly(older.eventId().toString());
        String recovered = page(endpoint, "?status=SUCCEEDED").getString("items[0].id");
        given().get("/deliveries/" + recovered).then()
                .body("eventId", equalTo(newer.eventId().toString()))
                .body("resends[0].via", equalTo("recover"))
                .body("resends[0].resentBy", equalTo(OPERATOR_NAME))
                .body("lastResentBy", equalTo(OPERATOR_NAME));

        TestTokens.as(operator, () -> given().contentType(ContentType.JSON).body("{\"since\":\"" + start + "\"}")
                .post("/endpoints/" + endpoint + "/recover").then().statusCode(200).body("resent", equalTo(1)));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED").getList("items").size()
                == 2);
        TestTokens.as(operator, () -> given().contentType(ContentType.JSON).body("{\"since\":\"" + start + "\"}")
                .post("/endpoints/" + endpoint + "/recover").then().statusCode(200).body("resent", equalTo(0)));

        Instant future = Instant.now().plusSeconds(3600);
        for (String bad : new String[] { "{}", "{\"since\":null}", "{\"since\":\"yesterday\"}",
                "{\"since\":\"" + future + "\"}", "{\"since\":\"" + between + "\",\"until\":\"" + start + "\"}",
                "{\"since\":\"" + start + "\",\"status\":\"FAILED\"}", "[]" }) {
            TestTokens.as(operator, () -> given().contentType(ContentType.JSON).body(bad)
                    .post("/endpoints/" + endpoint + "/recover").then().statusCode(400)
                    .contentType("application/problem+json"));
        }
        TestTokens.as(operator, () -> given().contentType(ContentType.JSON).post("/endpoints/" + endpoint
                + "/recover").then().statusCode(400).contentType("application/problem+json"));
        TestTokens.as(operator, () -> given().contentType(ContentType.JSON).body("{\"since\":\"" + start + "\"}")
                .post("/endpoints/" + UUID.randomUUID() + "/recover").then().statusCode(404));
    }

    @Test
    void aResendWhileAnAttemptIsInFlightIsRefused() throws Exception {
        try (Blackhole blackhole = new Blackhole()) {
            String account = account();
            String endpoint = register(blackhole.url("/hangs"), account);
            TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event(account)));
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                JsonPath page = page(endpoint, "");
                return page.getList("items").size() == 1 && page.getInt("items[0].attemptCount") == 1;
            });
            String id = page(endpoint, "").getString("items[0].id");
            TestTokens.as(operator, () -> given().post("/deliveries/" + id + "/resend").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("attempt-in-flight")));
            given().delete("/endpoints/" + endpoint).then().statusCode(204);
        }
    }

    @Test
    void operatorsLookWithOpsReadAndResendOnlyWithOpsWrite() {
        String account = account();
        String endpoint = register(receiver.url("/roles-" + account), account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event(account)));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED").getList("items").size()
                == 1);
        String id = page(endpoint, "").getString("items[0].id");
        String recover = "{\"since\":\"" + Instant.now().minusSeconds(60) + "\"}";

        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> {
            given().get("/endpoints/" + endpoint + "/deliveries").then().statusCode(200);
            given().get("/deliveries/" + id).then().statusCode(200);
            given().get("/endpoints/" + endpoint).then().statusCode(200).body("secret", nullValue());
            given().post("/deliveries/" + id + "/resend").then().statusCode(403)
                    .contentType("application/problem+json");
            given().contentType(ContentType.JSON).body(recover).post("/endpoints/" + endpoint + "/recover")
                    .then().statusCode(403);
            given().post("/endpoints/" + endpoint + "/enable").then().statusCode(403);
            given().post("/endpoints/" + endpoint + "/secret/rotate").then().statusCode(403);
        });
        TestTokens.as(TestTokens.forRoles(Roles.CALLBACK_ADMIN), () -> {
            given().get("/endpoints/" + endpoint + "/deliveries").then().statusCode(403);
            given().get("/deliveries/" + id).then().statusCode(403);
            given().post("/deliveries/" + id + "/resend").then().statusCode(403);
        });
        TestTokens.as(TestTokens.forRoles(Roles.ACCOUNT_READ, Roles.RECHARGE_WRITE), () ->
                given().get("/deliveries/" + id).then().statusCode(403));
        TestTokens.withoutToken(() -> given().get("/deliveries/" + id).then().statusCode(401).extract().statusCode());
        TestTokens.withoutToken(() -> given().post("/deliveries/" + id + "/resend").then().statusCode(401).extract()
                .statusCode());
        assertThat(status(id)).isEqualTo("SUCCEEDED");
        assertThat(CallbackDb.count("SELECT count(*) FROM delivery_resend WHERE delivery_id = ?::uuid", id))
                .isZero();
    }

    static String account() {
        return "cb-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static RechargeResultEvent event(String account) {
        return RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, UUID.randomUUID(), account,
                new BigDecimal("10.00"), "CNY", Instant.now());
    }

    /** Registers an endpoint for one account's results; its id. */
    static String register(String url, String account) {
        return given().contentType(ContentType.JSON).body("{\"url\":\"" + url + "\",\"accountNos\":[\"" + account
                + "\"]}").post("/endpoints").then().statusCode(201).extract().path("id");
    }

    static JsonPath page(String endpoint, String query) {
        return given().get("/endpoints/" + endpoint + "/deliveries" + query).then().statusCode(200).extract()
                .jsonPath();
    }

    static JsonPath ofRecharge(String query) {
        return given().get("/deliveries" + query).then().statusCode(200).extract().jsonPath();
    }

    static String status(String delivery) {
        return given().get("/deliveries/" + delivery).then().statusCode(200).extract().path("status");
    }
}
