package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.awaitDeadLetters;
import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only recharge-service can move money through Kafka: a result of a valid shape written by anyone else – without a
 * signature, with one made with another key, or one that does not match its payload – is never applied, is
 * dead-lettered with reason {@code signature}, does not take the txNo from the genuine result, and an operator's replay
 * of it is refused.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class ForgedEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The test key id with another secret: what an attacker who guesses the id but not the key can make. */
    private static final EventSignature.Key WRONG_KEY = EventSignature.Key.of(TestEventKeys.KEY_ID,
            Base64.getEncoder().encodeToString("an attacker's key, 32 bytes long".getBytes(StandardCharsets.UTF_8)));

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aForgedSuccessIsNeverCreditedAndTheGenuineOneOfTheSameTxNoIs() throws Exception {
        String accountNo = openAccount("CNY");
        RechargeResultEvent genuine = succeeded(accountNo, "10.00", "CNY");
        RechargeResultEvent forged = amount(genuine, "900.00");

        forge(Topics.RECHARGE_RESULTS, forged, null);
        forge(Topics.RECHARGE_RESULTS, forged, EventSignature.sign(WRONG_KEY, EventCodec.encode(forged)));
        // a genuine signature, from another payload
        forge(Topics.RECHARGE_RESULTS, forged, EventSignature.sign(TestEventKeys.KEY, EventCodec.encode(genuine)));

        List<Map<String, Object>> letters = awaitDeadLetters(accountNo, 3);
        assertThat(letters).extracting(letter -> letter.get("errorClass")).containsOnly("signature");
        assertThat(letters).extracting(letter -> (String) letter.get("lastError")).containsExactly(
                "signature: no rn-signature header",
                "signature: signature does not match the payload (key id 'test')",
                "signature: signature does not match the payload (key id 'test')");
        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");
        assertThat(claimed(genuine.txNo())).as("a forged record claims no txNo").isFalse();

        publish(genuine);
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(balance(accountNo)).isEqualByComparingTo("10.00"));
    }

    @Test
    void aForgedFailureDoesNotTurnTheGenuineSuccessIntoADuplicate() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent genuine = succeeded(accountNo, "25.00", "CNY");
        RechargeResultEvent forgedFailure = RechargeResultEvent.of(RechargeEventType.RechargeFailed, genuine.txNo(),
                accountNo, genuine.amount(), "CNY", Instant.now());

        forge(Topics.RECHARGE_RESULTS, forgedFailure, null);
        awaitDeadLetters(accountNo, 1);
        publish(genuine);

        Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(balance(accountNo)).isEqualByComparingTo("25.00"));
    }

    @Test
    void aForgedRecordOnARetryTopicIsDeadLetteredForItsSignatureToo() {
        String accountNo = openAccount("CNY");
        forge(Topics.retry("1s"), succeeded(accountNo, "5.00", "CNY"), null);

        assertThat(awaitDeadLetters(accountNo, 1).get(0).get("errorClass")).isEqualTo("signature");
        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");
    }

    @Test
    void replayChecksTheSignatureAgainSoAForgedDeadLetterIsRefusedAndAGenuineOneCredited() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent forged = succeeded(accountNo, "70.00", "CNY");
        forge(Topics.RECHARGE_RESULTS, forged, null);
        // Written straight to the dead-letter topic: the recorder keeps it, and only the signature can tell.
        RechargeResultEvent straightToDlt = succeeded(accountNo, "80.00", "CNY");
        forge(Topics.RECHARGE_RESULTS_DLT, straightToDlt, EventSignature.sign(WRONG_KEY,
                EventCodec.encode(straightToDlt)));
        RechargeResultEvent genuineOnDlt = succeeded(accountNo, "3.00", "CNY");
        TopicProbe.publish(Topics.RECHARGE_RESULTS_DLT, accountNo, EventCodec.encode(genuineOnDlt));
        List<Map<String, Object>> letters = awaitDeadLetters(accountNo, 3);

        assertThat(letters).filteredOn(letter -> genuineOnDlt.txNo().toString().equals(letter.get("txNo")))
                .extracting(letter -> letter.get("signatureValid")).containsExactly(true);
        List<Map<String, Object>> unsigned = letters.stream()
                .filter(letter -> !genuineOnDlt.txNo().toString().equals(letter.get("txNo"))).toList();
        assertThat(unsigned).hasSize(2);
        for (Map<String, Object> letter : unsigned) {
            given().post("/dead-letters/" + letter.get("id") + "/replay").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("signature"));
        }
        var summary = given().contentType(ContentType.JSON).body("{\"accountNo\":\"" + accountNo + "\"}")
                .post("/dead-letters/replay").then().statusCode(200).extract().jsonPath();
        // A bulk replay leaves the refused ones alone: thousands of forged records must not fill its every page.
        assertThat(summary.getInt("replayed")).isEqualTo(1);
        assertThat(summary.getInt("credited")).isEqualTo(1);
        assertThat(summary.getList("failed")).isEmpty();
        assertThat(balance(accountNo)).isEqualByComparingTo("3.00");
        assertThat(given().queryParam("accountNo", accountNo).queryParam("open", true).get("/dead-letters").then()
                .statusCode(200).extract().jsonPath().<String>getList("items.txNo"))
                .containsExactlyInAnyOrder(forged.txNo().toString(), straightToDlt.txNo().toString());
        assertThat(unsigned).extracting(letter -> letter.get("signatureValid")).containsOnly(false);
    }

    private static RechargeResultEvent amount(RechargeResultEvent event, String amount) {
        return new RechargeResultEvent(UUID.randomUUID(), event.type(), event.txNo(), event.accountNo(),
                new BigDecimal(amount), event.currency(), event.occurredAt(), event.schemaVersion());
    }

    /** Writes the event with a plain producer, as anyone with access to the broker could. */
    private static void forge(String topic, RechargeResultEvent event, String signature) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), EventCodec.encode(event));
        if (signature != null) {
            record.headers().add(EventHeaders.SIGNATURE, signature.getBytes(StandardCharsets.UTF_8));
        }
        TopicProbe.publish(record);
    }

    private static boolean claimed(UUID txNo) throws SQLException {
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                PreparedStatement query = db.prepareStatement("SELECT 1 FROM processed_recharge WHERE tx_no = ?")) {
            query.setObject(1, txNo);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

}
