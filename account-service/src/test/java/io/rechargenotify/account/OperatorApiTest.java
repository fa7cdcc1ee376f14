package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.awaitDeadLetters;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the operators' console looks up across accounts: a txNo's ledger entry and dead letters, the recharges of one
 * status (the stuck PENDING ones, with their checks), and an account or recharge with ops:read.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class OperatorApiTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aTxNosLedgerEntryIsFoundWhicheverAccountItCredited() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "12.30", "CNY");
        given().get("/ledger/" + event.txNo()).then().statusCode(404).contentType("application/problem+json");
        publish(event);

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/ledger/" + event.txNo()).statusCode() == 200);
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().get("/ledger/" + event.txNo()).then()
                .statusCode(200)
                .body("txNo", equalTo(event.txNo().toString()))
                .body("accountNo", equalTo(accountNo))
                .body("amount", equalTo("12.30"))
                .body("currency", equalTo("CNY"))
                .body("source", equalTo("notification")));
        // an operator's look-up across accounts: account:read reads the accounts it names, not any txNo's
        TestTokens.as(TestTokens.forRoles(Roles.OPS_WRITE, Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ),
                () -> given().get("/ledger/" + event.txNo()).then().statusCode(403));
        for (String bad : List.of("not-a-uuid", "1-1-1-1-1", "' OR 1=1 --")) {
            given().get("/ledger/" + bad).then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void deadLettersAreFilteredByTxNoAlongWithAccountAndOpen() {
        String accountNo = "DTX-" + UUID.randomUUID().toString().substring(0, 8);
        RechargeResultEvent first = succeeded(accountNo, "1.00", "CNY");
        RechargeResultEvent second = succeeded(accountNo, "2.00", "CNY");
        publish(first);
        publish(second);
        awaitDeadLetters(accountNo, 2);

        assertThat(deadLetterTxNos("txNo=" + first.txNo())).containsExactly(first.txNo().toString());
        assertThat(deadLetterTxNos("txNo=" + second.txNo() + "&accountNo=" + accountNo + "&open=true"))
                .containsExactly(second.txNo().toString());
        assertThat(deadLetterTxNos("txNo=" + first.txNo() + "&accountNo=OTHER-" + accountNo)).isEmpty();
        assertThat(deadLetterTxNos("txNo=" + UUID.randomUUID())).isEmpty();
        for (String bad : List.of("txNo=not-a-uuid", "txNo=1-1-1-1-1", "txNo=%27%20OR%201=1")) {
            given().get("/dead-letters?" + bad).then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void rechargesOfOneStatusAreListedAcrossAccountsOldestFirstWithTheirChecks() throws SQLException {
        // A cursor is a position in creation order: start just before this test's recharges, past earlier runs'.
        String start = Instant.now().truncatedTo(ChronoUnit.MILLIS) + "_" + new UUID(0, 0);
        String a = openAccount("CNY");
        String b = openAccount("CNY");
        String a1 = startRecharge(a, "1.00");
        String b1 = startRecharge(b, "2.00");
        String a2 = startRecharge(a, "3.00");
        Instant before = Instant.now();
        String late = startRecharge(a, "4.00");
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE); Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE account_recharge SET status = 'SUCCEEDED', resolved_at = now() WHERE tx_no = '"
                    + b1 + "'");
        }
        // an operator asks recharge-service about the first (ops:write may; it cannot be reached here): a check
        TestTokens.as(TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-carol").sign(),
                () -> given().post("/accounts/" + a + "/recharges/" + a1 + "/reconcile").then().statusCode(503));

        String stuck = "/recharges?status=PENDING&createdBefore=" + before + "&limit=1&after=";
        JsonPath first = given().get(stuck + start).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.txNo")).containsExactly(a1);
        assertThat(first.getString("items[0].accountNo")).isEqualTo(a);
        assertThat(first.getInt("items[0].checks")).isEqualTo(1);
        assertThat(first.getString("items[0].lastCheckedBy")).isEqualTo("ops-carol");
        assertThat(first.getString("items[0].lastCheck")).startsWith("query failed");
        assertThat(first.getString("items[0].lastCheckedAt")).isNotNull();
        assertThat(first.getString("items[0].nextCheckAt")).isNotNull();
        JsonPath second = given().get(stuck + first.getString("next")).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.txNo")).containsExactly(a2);
        JsonPath last = given().get(stuck + second.getString("next")).then().statusCode(200).extract().jsonPath();
        assertThat(last.getList("items")).isEmpty();
        assertThat(last.getString("next")).isNull();
        // without createdBefore the later one follows; SUCCEEDED lists the resolved one, with no next check
        assertThat(given().get("/recharges?status=PENDING&after=" + start).then().statusCode(200).extract()
                .jsonPath().getList("items.txNo")).containsExactly(a1, a2, late);
        given().get("/recharges?status=SUCCEEDED&createdBefore=" + before + "&after=" + start).then()
                .statusCode(200).body("items.txNo", equalTo(List.of(b1))).body("items[0].nextCheckAt", nullValue())
                .body("items[0].resolvedAt", notNullValue()).body("next", nullValue());

        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().get(stuck + start).then()
                .statusCode(200));
        // every account's recharges: an operator's listing, not account:read's
        TestTokens.as(TestTokens.forRoles(Roles.OPS_WRITE, Roles.ACCOUNT_READ),
                () -> given().get(stuck + start).then().statusCode(403));
    }

    @Test
    void badListingParametersAreProblemsNamingThem() {
        given().get("/recharges").then().statusCode(400).body("violations.field", hasItem("status"));
        given().get("/recharges?status=PENDING&createdBefore=yesterday&limit=0").then().statusCode(400)
                .body("violations.field", equalTo(List.of("createdBefore", "limit")));
        Map<String, String> bad = Map.of(
                "status=STUCK", "status",
                "status=pending", "status",
                "status=PENDING&createdBefore=2026-13-45T00:00:00Z", "createdBefore",
                "status=PENDING&createdBefore=2026-11-23", "createdBefore",
                "status=PENDING&after=yesterday", "after",
                "status=PENDING&after=2026-13-45T99:99:99Z_" + UUID.randomUUID(), "after",
                "status=PENDING&limit=1001", "limit");
        bad.forEach((query, parameter) -> given().get("/recharges?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("detail", startsWith(parameter)));
    }

    @Test
    void opsReadReadsAnAccountAndItsRechargesAndOpsWriteMayAskAboutOne() {
        String accountNo = openAccount("CNY");
        String txNo = startRecharge(accountNo, "9.00");
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> {
            given().get("/accounts/" + accountNo).then().statusCode(200).body("balance", equalTo("0.00"));
            given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200)
                    .body("status", equalTo("PENDING"));
            given().post("/accounts/" + accountNo + "/recharges/" + txNo + "/reconcile").then().statusCode(403);
        });
        TestTokens.as(TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-dave").sign(), () -> {
            given().post("/accounts/" + accountNo + "/recharges/" + txNo + "/reconcile").then().statusCode(503);
            given().get("/accounts/" + accountNo).then().statusCode(403);
        });
        given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200)
                .body("lastCheckedBy", equalTo("ops-dave"));
    }

    private static String startRecharge(String accountNo, String amount) {
        return given().contentType(ContentType.JSON).body("{\"amount\":\"" + amount + "\"}")
                .post("/accounts/" + accountNo + "/recharges").then().statusCode(202).extract().path("txNo");
    }

    private static List<String> deadLetterTxNos(String query) {
        return given().get("/dead-letters?" + query).then().statusCode(200).extract().jsonPath().getList("items.txNo");
    }
}
