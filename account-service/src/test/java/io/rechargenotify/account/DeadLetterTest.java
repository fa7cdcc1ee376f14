package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.awaitDeadLetters;
import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.deadLetters;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dead letters are stored with their history, can be inspected, and replay through normal processing. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class DeadLetterTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void replayedDeadLetterIsCreditedOnce() {
        // The result arrives before its account exists: a permanent failure, straight to the dead-letter topic.
        String accountNo = "LATE-" + UUID.randomUUID().toString().substring(0, 8);
        RechargeResultEvent event = succeeded(accountNo, "42.00", "CNY");
        publish(event);
        Map<String, Object> letter = awaitDeadLetters(accountNo, 1).get(0);
        assertThat(letter.get("txNo")).isEqualTo(event.txNo().toString());
        assertThat(letter.get("errorClass")).isEqualTo("permanent");
        assertThat((String) letter.get("lastError")).contains("unknown account");
        assertThat(letter.get("originalTopic")).isEqualTo(Topics.RECHARGE_RESULTS);
        assertThat(letter.get("attempt")).isEqualTo(1);
        long id = ((Number) letter.get("id")).longValue();
        given().get("/dead-letters/" + id).then().statusCode(200).body("payload", equalTo(
                io.rechargenotify.shared.event.EventCodec.encode(event)));

        given().post("/dead-letters/" + id + "/replay").then().statusCode(409)
                .contentType("application/problem+json");
        openAccount(accountNo);
        // Looking is not replaying: ops:read is refused and the dead letter stays open.
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().post("/dead-letters/" + id + "/replay")
                .then().statusCode(403));
        given().get("/dead-letters/" + id).then().statusCode(200).body("replayedAt", nullValue());
        TestTokens.as(TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-alice").sign(), () ->
                given().post("/dead-letters/" + id + "/replay").then().statusCode(200)
                        .body("replayResult", equalTo("CREDITED")).body("replayedBy", equalTo("ops-alice")));
        // Replayed again by someone else: the same answer, and still the first operator's replay.
        given().post("/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayResult", equalTo("CREDITED")).body("replayedBy", equalTo("ops-alice"));
        publish(event);
        publish(succeeded(accountNo, "1.00", "CNY"));

        Awaitility.await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("43.00"));
        List<String> sources = given().get("/accounts/" + accountNo + "/ledger").then().extract().jsonPath()
                .getList("source");
        assertThat(sources).containsExactly("replay", "notification");
    }

    @Test
    void bulkReplayOfAnAccountsDeadLettersCreditsEachOnce() {
        String accountNo = "BULK-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            publish(succeeded(accountNo, "2.00", "CNY"));
        }
        awaitDeadLetters(accountNo, 3);
        openAccount(accountNo);

        JsonPath summary = given().header("Authorization", "Bearer "
                        + TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-bulk").sign())
                .contentType(ContentType.JSON).body("{\"accountNo\":\"" + accountNo + "\"}")
                .post("/dead-letters/replay").then().statusCode(200).extract().jsonPath();
        assertThat(summary.getInt("replayed")).isEqualTo(3);
        assertThat(summary.getInt("credited")).isEqualTo(3);
        assertThat(balance(accountNo)).isEqualByComparingTo("6.00");
        assertThat(given().queryParam("accountNo", accountNo).queryParam("open", true).get("/dead-letters")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(deadLetters(accountNo)).extracting(letter -> letter.get("replayedBy"))
                .containsOnly("ops-bulk").hasSize(3);
    }

    @Test
    void unknownDeadLetterIs404AndBadParametersAre400() {
        given().get("/dead-letters/999999999").then().statusCode(404).contentType("application/problem+json");
        given().post("/dead-letters/999999999/replay").then().statusCode(404);
        given().queryParam("limit", 0).get("/dead-letters").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"limit\":5000}").post("/dead-letters/replay")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static void openAccount(String accountNo) {
        given().contentType(ContentType.JSON)
                .body("""
                        {"accountNo":"%s","owner":"Late Owner","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
    }
}
