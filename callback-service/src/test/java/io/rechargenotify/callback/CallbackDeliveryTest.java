package io.rechargenotify.callback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results on the real topic become signed callbacks to a real HTTP receiver, which checks every signature with the
 * Standard Webhooks reference library. Redelivered results call no one twice; forged ones call no one; failing
 * receivers are retried on the (test) schedule of 1s, 1s and then FAILED; during a rotation both secrets sign.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class CallbackDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static TestReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.authorizeAllCalls();
        receiver = new TestReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aSignedResultIsCalledBackOnceWithAValidStandardWebhooksSignature() {
        String account = account();
        String path = "/ok-" + account;
        String secret = register(path, account);
        RechargeResultEvent event = event(account);
        String payload = EventCodec.encode(event);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, payload);
        // the same result again, as a Kafka redelivery or a replay would bring it
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, payload);

        Awaitility.await().atMost(TIMEOUT).until(() -> status(event.eventId()).equals(List.of("SUCCEEDED")));
        TestReceiver.Received call = receiver.received(path).get(0);
        assertThat(call.body()).isEqualTo(payload);
        assertThat(call.header("webhook-id")).isEqualTo(event.eventId().toString());
        assertThat(Long.parseLong(call.header("webhook-timestamp")))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThatCode(() -> new Webhook(secret).verify(call.body(), call.headers())).doesNotThrowAnyException();

        Awaitility.await().during(Duration.ofSeconds(2)).atMost(TIMEOUT)
                .until(() -> receiver.received(path).size() == 1);
        assertThat(CallbackDb.count("SELECT count(*) FROM delivery WHERE event_id = ?::uuid",
                event.eventId().toString())).isEqualTo(1);
        assertThat(CallbackDb.strings("SELECT http_status::text FROM delivery_attempt a JOIN delivery d"
                + " ON d.id = a.delivery_id WHERE d.event_id = ?::uuid", event.eventId().toString()))
                .containsExactly("200");
    }

    @Test
    void unverifiedResultsAreNeverCalledBackAndTheConsumerGoesOn() {
        String account = account();
        String path = "/forged-" + account;
        register(path, account);
        RechargeResultEvent forged = event(account);
        var unsigned = new ProducerRecord<>(Topics.RECHARGE_RESULTS, account, EventCodec.encode(forged));
        TopicProbe.publish(unsigned);
        var wrongKey = new ProducerRecord<>(Topics.RECHARGE_RESULTS, account, EventCodec.encode(forged));
        wrongKey.headers().add(EventHeaders.SIGNATURE, EventSignature.sign(EventSignature.Key.of(
                TestEventKeys.KEY_ID, Base64.getEncoder().encodeToString(
                        "an attacker's key, 32 bytes long".getBytes(StandardCharsets.UTF_8))),
                wrongKey.value()).getBytes(StandardCharsets.UTF_8));
        TopicProbe.publish(wrongKey);
        TopicProbe.publish(new ProducerRecord<>(Topics.RECHARGE_RESULTS, account, "{not json"));
        RechargeResultEvent genuine = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(genuine));

        Awaitility.await().atMost(TIMEOUT).until(() -> status(genuine.eventId()).equals(List.of("SUCCEEDED")));
        assertThat(status(forged.eventId())).isEmpty();
        assertThat(receiver.received(path)).extracting(call -> call.header("webhook-id"))
                .containsExactly(genuine.eventId().toString());
    }

    @Test
    void aFailingReceiverIsRetriedOnTheScheduleUntilItAcknowledges() {
        String account = account();
        String path = "/flaky-" + account;
        receiver.rule(path, call -> call < 3 ? 503 : 204);
        String secret = register(path, account);
        RechargeResultEvent event = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));

        Awaitility.await().atMost(TIMEOUT).until(() -> status(event.eventId()).equals(List.of("SUCCEEDED")));
        List<TestReceiver.Received> calls = receiver.received(path);
        assertThat(calls).hasSize(3).extracting(call -> call.header("webhook-id")).containsOnly(
                event.eventId().toString());
        calls.forEach(call -> assertThatCode(() -> new Webhook(secret).verify(call.body(), call.headers()))
                .doesNotThrowAnyException());
        assertThat(CallbackDb.strings("SELECT http_status::text FROM delivery_attempt a JOIN delivery d"
                + " ON d.id = a.delivery_id WHERE d.event_id = ?::uuid ORDER BY a.attempt",
                event.eventId().toString())).containsExactly("503", "503", "204");
    }

    @Test
    void aDeadReceiverEndsFailedAfterTheScheduleAndOthersAreNotHeldUp() {
        String account = account();
        String dead = "/dead-" + account;
        receiver.rule(dead, call -> 500);
        register(dead, account);
        String alive = "/alive-" + account;
        register(alive, account);
        RechargeResultEvent event = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));

        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.received(alive).size() == 1);
        Awaitility.await().atMost(TIMEOUT).until(() -> status(event.eventId()).containsAll(List.of("SUCCEEDED",
                "FAILED")));
        assertThat(receiver.received(dead)).hasSize(3); // the first attempt and the test schedule's two retries
    }

    @Test
    void duringASecretRotationBothSecretsSign() {
        String account = account();
        String path = "/rotated-" + account;
        String old = register(path, account);
        // By its receiver path, not the first page of the listing: the test database keeps earlier runs' endpoints.
        String id = CallbackDb.strings("SELECT id::text FROM endpoint WHERE url LIKE ?", "%" + path).get(0);
        String fresh = given().post("/endpoints/" + id + "/secret/rotate").then().statusCode(200)
                .extract().path("secret");
        RechargeResultEvent event = event(account);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(event));

        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.received(path).size() == 1);
        TestReceiver.Received call = receiver.received(path).get(0);
        assertThat(call.header("webhook-signature").split(" ")).hasSize(2);
        assertThatCode(() -> new Webhook(old).verify(call.body(), call.headers())).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(fresh).verify(call.body(), call.headers())).doesNotThrowAnyException();
    }

    @Test
    void resultsOfOtherAccountsAndTypesAreNotCalledBack() {
        String account = account();
        String path = "/filtered-" + account;
        given().contentType(ContentType.JSON).body("{\"url\":\"" + receiver.url(path) + "\",\"accountNos\":[\""
                + account + "\"],\"eventTypes\":[\"RechargeFailed\"]}").post("/endpoints").then().statusCode(201);
        RechargeResultEvent succeeded = event(account);
        RechargeResultEvent failed = new RechargeResultEvent(UUID.randomUUID(), RechargeEventType.RechargeFailed,
                UUID.randomUUID(), account, new BigDecimal("5.00"), "CNY", Instant.now(),
                RechargeResultEvent.SCHEMA_VERSION);
        RechargeResultEvent otherAccount = event(account());
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(succeeded));
        TopicProbe.publish(Topics.RECHARGE_RESULTS, otherAccount.accountNo(), EventCodec.encode(otherAccount));
        TopicProbe.publish(Topics.RECHARGE_RESULTS, account, EventCodec.encode(failed));

        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.received(path).size() == 1);
        assertThat(receiver.received(path).get(0).header("webhook-id")).isEqualTo(failed.eventId().toString());
        assertThat(status(succeeded.eventId())).isEmpty();
    }

    private static String account() {
        return "cb-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static RechargeResultEvent event(String account) {
        return RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, UUID.randomUUID(), account,
                new BigDecimal("10.00"), "CNY", Instant.now());
    }

    private static String register(String path, String account) {
        return given().contentType(ContentType.JSON).body("{\"url\":\"" + receiver.url(path)
                        + "\",\"accountNos\":[\"" + account + "\"]}")
                .post("/endpoints").then().statusCode(201).extract().path("secret");
    }

    private static List<String> status(UUID eventId) {
        return CallbackDb.strings("SELECT status FROM delivery WHERE event_id = ?::uuid ORDER BY status",
                eventId.toString());
    }
}
