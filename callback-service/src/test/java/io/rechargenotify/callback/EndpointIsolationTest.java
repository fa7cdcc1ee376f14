package io.rechargenotify.callback;

import static io.rechargenotify.callback.DeliveryApiTest.account;
import static io.rechargenotify.callback.DeliveryApiTest.event;
import static io.rechargenotify.callback.DeliveryApiTest.page;
import static io.rechargenotify.callback.DeliveryApiTest.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dead receiver costs little and delays no one: its circuit opens after a few failures in a row (test profile: 5,
 * pauses of 1–2 s, then one probe at a time), so receivers that never answer cannot fill the instance's call slots (8
 * in the test profile, 4 per endpoint) and its deliveries keep their attempts; an endpoint failing longer than
 * callback.endpoints.disable-after (10 s here) is disabled with its reason, its deliveries wait, and enable + recover
 * delivers the whole backlog. The backlog and endpoint gauges show it.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class EndpointIsolationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static TestReceiver receiver;
    private static String operator;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.authorizeAllCalls();
        receiver = new TestReceiver();
        operator = TestTokens.token().roles(Roles.OPS_READ, Roles.OPS_WRITE).subject("bob@ops").sign();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void receiversThatNeverAnswerArePausedAndDoNotDelayALiveOne() throws Exception {
        try (Blackhole first = new Blackhole(); Blackhole second = new Blackhole()) {
            String account = account();
            String dead1 = register(first.url("/dead"), account);
            String dead2 = register(second.url("/dead"), account);
            String livePath = "/live-" + account;
            String live = register(receiver.url(livePath), account);
            for (int i = 0; i < 10; i++) {
                TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event(account)));
            }

            // Both circuits open: each dead endpoint stops being claimed after a handful of timeouts.
            Awaitility.await().atMost(TIMEOUT).until(() -> failuresInARow(dead1) >= 5 && failuresInARow(dead2) >= 5);
            given().get("/endpoints/" + dead1).then().body("pausedUntil", org.hamcrest.Matchers.notNullValue())
                    .body("failingSince", org.hamcrest.Matchers.notNullValue()).body("enabled", equalTo(true));
            Awaitility.await().atMost(TIMEOUT).until(() -> gauge(metrics(), "callback_endpoints_paused") >= 1);
            Awaitility.await().atMost(TIMEOUT).until(() -> delivered(live) == 10);

            // New results reach the live receiver at once although both dead ones still have due backlogs.
            List<String> later = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RechargeResultEvent event = event(account);
                later.add(event.eventId().toString());
                TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));
            }
            // Well within two of the dead receivers' 3 s timeouts: nothing queued behind them.
            Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> delivered(live) == 15);
            assertThat(receiver.received(livePath)).extracting(call -> call.header("webhook-id"))
                    .containsAll(later);

            // The dead receivers cost a few calls each, not 15 deliveries x 3 attempts, and their deliveries wait
            // with their attempts unspent instead of running through the schedule into FAILED.
            for (String dead : List.of(dead1, dead2)) {
                var deliveries = page(dead, "?limit=200");
                List<Integer> attempts = deliveries.getList("items.attemptCount");
                assertThat(attempts).hasSize(15);
                assertThat(attempts.stream().mapToInt(Integer::intValue).sum()).isLessThan(20);
                assertThat(attempts).contains(0);
                assertThat(deliveries.getList("items.status", String.class)).doesNotContain("SUCCEEDED");
            }
            String metrics = metrics();
            assertThat(gauge(metrics, "callback_endpoint_deliveries_due{endpoint=\"" + dead1 + "\"")).isPositive();
            // Due, or – once both have failed longer than disable-after – waiting for their endpoint to be enabled.
            assertThat(gauge(metrics, "callback_deliveries_due")
                    + gauge(metrics, "callback_deliveries_waiting_disabled")).isPositive();
            assertThat(metrics).contains("callback_deliveries_oldest_due_age_seconds ");
            assertThat(metrics).contains("callback_endpoint_oldest_due_age_seconds{endpoint=\"" + dead1 + "\"");

            given().delete("/endpoints/" + dead1).then().statusCode(204);
            given().delete("/endpoints/" + dead2).then().statusCode(204);
        }
    }

    @Test
    void anEndpointFailingLongerThanTheThresholdIsDisabledAndEnablePlusRecoverDeliversItsBacklog() {
        String account = account();
        String path = "/down-" + account;
        AtomicBoolean healthy = new AtomicBoolean();
        receiver.rule(path, call -> healthy.get() ? 204 : 500);
        String endpoint = register(receiver.url(path), account);
        Instant start = Instant.now().minusSeconds(1);
        List<String> events = new ArrayList<>();
        RechargeResultEvent first = event(account);
        events.add(first.eventId().toString());
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(first));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=FAILED").getList("items").size() == 1);
        for (int i = 0; i < 5; i++) {
            RechargeResultEvent event = event(account);
            events.add(event.eventId().toString());
            TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));
        }

        Awaitility.await().atMost(TIMEOUT).until(() -> !given().get("/endpoints/" + endpoint).then().extract()
                .<Boolean>path("enabled"));
        given().get("/endpoints/" + endpoint).then()
                .body("disabledBy", equalTo("callback-service"))
                .body("disabledReason", startsWith("no 2xx since "))
                .body("disabledAt", org.hamcrest.Matchers.notNullValue());
        int callsWhenDisabled = receiver.received(path).size();
        RechargeResultEvent whileDisabled = event(account);
        events.add(whileDisabled.eventId().toString());
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(whileDisabled));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?limit=200").getList("items").size() == 7);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(TIMEOUT)
                .until(() -> receiver.received(path).size() == callsWhenDisabled);
        assertThat(page(endpoint, "?status=PENDING&limit=200").getList("items")).isNotEmpty();
        Awaitility.await().atMost(TIMEOUT).until(() -> gauge(metrics(), "callback_endpoints_disabled") >= 1
                && gauge(metrics(), "callback_deliveries_waiting_disabled") >= 1);

        healthy.set(true);
        TestTokens.as(operator, () -> {
            given().post("/endpoints/" + endpoint + "/enable").then().statusCode(200)
                    .body("enabled", equalTo(true)).body("disabledReason", nullValue())
                    .body("consecutiveFailures", equalTo(0)).body("failingSince", nullValue());
            given().contentType(ContentType.JSON).body("{\"since\":\"" + start + "\"}")
                    .post("/endpoints/" + endpoint + "/recover").then().statusCode(200)
                    .body("resent", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                    .body("recoveredBy", equalTo("bob@ops"));
        });
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED&limit=200")
                .getList("items").size() == 7);
        assertThat(receiver.received(path).stream().map(call -> call.header("webhook-id")).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(events);
        given().get("/endpoints/" + endpoint).then().body("consecutiveFailures", equalTo(0))
                .body("failingSince", nullValue());
    }

    @Test
    void anOperatorDisablesAnEndpointWithAReasonAndItsResultsWait() {
        String account = account();
        String path = "/paused-" + account;
        String endpoint = register(receiver.url(path), account);
        TestTokens.as(operator, () -> given().contentType(ContentType.JSON)
                .body("{\"reason\":\"merchant migrating\"}").post("/endpoints/" + endpoint + "/disable")
                .then().statusCode(200).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("merchant migrating")).body("disabledBy", equalTo("bob@ops")));
        for (String bad : new String[] { "{}", "{\"reason\":\" \"}", "{\"reason\":\"" + "r".repeat(301) + "\"}" }) {
            given().contentType(ContentType.JSON).body(bad).post("/endpoints/" + endpoint + "/disable")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event(account)));
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=PENDING").getList("items").size()
                == 1);
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(TIMEOUT)
                .until(() -> receiver.received(path).isEmpty());

        TestTokens.as(operator, () -> given().post("/endpoints/" + endpoint + "/enable").then().statusCode(200));
        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.received(path).size() == 1);
        Awaitility.await().atMost(TIMEOUT).until(() -> page(endpoint, "?status=SUCCEEDED").getList("items").size()
                == 1);
    }

    private static int failuresInARow(String endpoint) {
        return given().get("/endpoints/" + endpoint).then().statusCode(200).extract().path("consecutiveFailures");
    }

    private static int delivered(String endpoint) {
        return page(endpoint, "?status=SUCCEEDED&limit=200").getList("items").size();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample whose name (and the start of its labels) is {@code series}. */
    private static double gauge(String metrics, String series) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + "[^ ]* ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(sample.find()).as(series + " in /q/metrics").isTrue();
        return Double.parseDouble(sample.group(1));
    }
}
