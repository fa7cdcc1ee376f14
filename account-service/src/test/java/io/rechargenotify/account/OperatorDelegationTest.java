package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.awaitDeadLetters;
import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' console acts for the operator signed in to it: its token (ops:delegate) names them in
 * {@code RN-Operator}, and what they did is recorded as {@code <operator> via <token subject>}. Any other token's
 * header is ignored; a header that names no one properly is refused before anything is done.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class OperatorDelegationTest {

    private static final String CONSOLE = TestTokens.token()
            .roles(Roles.OPS_READ, Roles.OPS_WRITE, Roles.OPS_DELEGATE).subject("console").sign();

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aReplayThroughTheConsoleRecordsTheOperatorViaTheConsole() {
        long id = replayableDeadLetter(unopenedAccountNo());
        given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, "alice")
                .post("/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayResult", equalTo("CREDITED")).body("replayedBy", equalTo("alice via console"));
    }

    @Test
    void withoutOpsDelegateTheOperatorHeaderIsIgnored() {
        long id = replayableDeadLetter(unopenedAccountNo());
        String operator = TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-bob").sign();
        given().header("Authorization", "Bearer " + operator).header(Caller.OPERATOR_HEADER, "alice")
                .post("/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayResult", equalTo("CREDITED")).body("replayedBy", equalTo("ops-bob"));
    }

    @Test
    void anOperatorNameWithAControlCharacterIsRefusedAndNothingIsReplayed() {
        String accountNo = unopenedAccountNo();
        long id = replayableDeadLetter(accountNo);
        for (String bad : new String[] { "ali\tce", " ", "o".repeat(Caller.MAX_OPERATOR_LENGTH + 1) }) {
            given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, bad)
                    .post("/dead-letters/" + id + "/replay").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", startsWith(Caller.OPERATOR_HEADER));
            given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, bad)
                    .contentType(ContentType.JSON).body("{\"accountNo\":\"" + accountNo + "\"}")
                    .post("/dead-letters/replay").then().statusCode(400);
        }
        given().get("/dead-letters/" + id).then().statusCode(200)
                .body("replayedAt", nullValue()).body("replayedBy", nullValue());
        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");
    }

    @Test
    void anOperatorNameSentAsUtf8IsRecordedAsSent() {
        long id = replayableDeadLetter(unopenedAccountNo());
        // HTTP carries header bytes; the console sends the name's UTF-8 bytes (one ISO-8859-1 character each here)
        String zoe = new String("Zoé".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, zoe)
                .post("/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayedBy", equalTo("Zoé via console"));
    }

    @Test
    void anActiveQueryThroughTheConsoleRecordsTheOperator() {
        String accountNo = openAccount("CNY");
        String txNo = given().contentType(ContentType.JSON).body("{\"amount\":\"5.00\"}")
                .post("/accounts/" + accountNo + "/recharges").then().statusCode(202).extract().path("txNo");
        String recharge = "/accounts/" + accountNo + "/recharges/" + txNo;
        // recharge-service cannot be reached in these tests: the check fails (503), and it is recorded with who asked
        given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, "alice")
                .post(recharge + "/reconcile").then().statusCode(503);
        given().get(recharge).then().statusCode(200).body("checks", equalTo(1))
                .body("lastCheckedBy", equalTo("alice via console"));
        given().header("Authorization", "Bearer " + CONSOLE).header(Caller.OPERATOR_HEADER, "al\tice")
                .post(recharge + "/reconcile").then().statusCode(400).contentType("application/problem+json");
        given().get(recharge).then().statusCode(200).body("checks", equalTo(1));
    }

    /** A dead letter of a new account's result that arrived before the account was opened: the replay credits it. */
    private static long replayableDeadLetter(String accountNo) {
        publish(succeeded(accountNo, "7.00", "CNY"));
        long id = ((Number) awaitDeadLetters(accountNo, 1).get(0).get("id")).longValue();
        given().contentType(ContentType.JSON).body("""
                {"accountNo":"%s","owner":"Delegation","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        return id;
    }

    private static String unopenedAccountNo() {
        return "DLG-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
