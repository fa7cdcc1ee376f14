package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.account.rechargeapi.RechargeGateway;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Account-initiated recharges while recharge-service cannot be reached (nothing listens at the configured URL in
 * this module's tests): recorded PENDING first, answered 202, never FAILED because a call failed, and the circuit
 * breaker opens so later calls fail fast. Resolution once the service is back is shown by the system tests.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class AccountRechargeApiTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void rechargeIsRecordedPendingAndStaysPendingWhileRechargeServiceIsUnreachable() {
        String accountNo = openAccount("CNY");
        var accepted = given().contentType(ContentType.JSON).body("""
                        {"amount":"66.60"}""")
                .post("/accounts/" + accountNo + "/recharges")
                .then().statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("amount", equalTo("66.60"))
                .body("currency", equalTo("CNY"))
                .extract();
        String txNo = accepted.path("txNo");
        assertThat(accepted.header("Location")).endsWith("/accounts/" + accountNo + "/recharges/" + txNo);

        given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("lastCheck", startsWith("submission failed"))
                .body("submissions", equalTo(1));

        // The active query cannot reach recharge-service either: 503, and the recharge is still PENDING.
        given().post("/accounts/" + accountNo + "/recharges/" + txNo + "/reconcile").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "30");
        given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200)
                .body("status", equalTo("PENDING"));
        assertThat(AccountFixtures.balance(accountNo)).isEqualByComparingTo("0.00");
    }

    @Test
    void circuitOpensAfterRepeatedFailedSubmissionsAndNothingIsFailed() throws SQLException {
        String accountNo = openAccount("CNY");
        for (int i = 0; i < 12; i++) {
            given().contentType(ContentType.JSON).body("""
                            {"amount":"1.00"}""")
                    .post("/accounts/" + accountNo + "/recharges")
                    .then().statusCode(202).body("status", equalTo("PENDING"));
        }

        assertThat(breakers.currentState(RechargeGateway.SUBMIT)).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(statusCounts(accountNo)).isEqualTo("PENDING=12");
    }

    @Test
    void invalidRechargeRequestsAreProblemsAndNothingIsRecorded() throws SQLException {
        String accountNo = openAccount("CNY");
        for (String body : new String[] { "{\"amount\":\"0.00\"}", "{\"amount\":\"-5.00\"}", "{\"amount\":\"1.234\"}",
                "{\"amount\":\"1000000.01\"}", "{}", "{\"amount\":\"abc\"}", "{\"amount\":\"1.00\",\"currency\":\"USD\"}",
                "{\"amount\":" }) {
            given().contentType(ContentType.JSON).body(body)
                    .post("/accounts/" + accountNo + "/recharges")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).post("/accounts/" + accountNo + "/recharges").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"amount\":\"1.00\"}")
                .post("/accounts/NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8) + "/recharges")
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(statusCounts(accountNo)).isEmpty();

        given().get("/accounts/" + accountNo + "/recharges/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/accounts/" + accountNo + "/recharges/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/accounts/" + accountNo + "/recharges/" + UUID.randomUUID() + "/reconcile").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anAccountsRechargesAreListedOldestFirstByStatusInStablePages() throws SQLException {
        String accountNo = openAccount("CNY");
        List<String> started = new ArrayList<>();
        for (String amount : List.of("1.00", "2.00", "3.00")) {
            started.add(given().contentType(ContentType.JSON).body("{\"amount\":\"" + amount + "\"}")
                    .post("/accounts/" + accountNo + "/recharges").then().statusCode(202).extract().path("txNo"));
        }
        // the second one resolved, as the ledger would once its result arrived
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE); Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE account_recharge SET status = 'SUCCEEDED', resolved_at = now() WHERE tx_no = '"
                    + started.get(1) + "'");
        }
        String recharges = "/accounts/" + accountNo + "/recharges";

        var first = given().get(recharges + "?limit=2").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.txNo")).containsExactly(started.get(0), started.get(1));
        // a recharge started after the first page was read comes last, never shifting the pages before it
        String later = given().contentType(ContentType.JSON).body("{\"amount\":\"4.00\"}").post(recharges).then()
                .statusCode(202).extract().path("txNo");
        var second = given().get(recharges + "?limit=2&after=" + first.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(second.getList("items.txNo")).containsExactly(started.get(2), later);
        var last = given().get(recharges + "?limit=2&after=" + second.getString("next")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(last.getList("items")).isEmpty();
        assertThat(last.getString("next")).isNull();

        assertThat(given().get(recharges + "?status=PENDING").then().statusCode(200).extract()
                .jsonPath().getList("items.txNo")).containsExactly(started.get(0), started.get(2), later);
        assertThat(given().get(recharges + "?status=SUCCEEDED").then().statusCode(200).extract()
                .jsonPath().getList("items.status")).containsExactly("SUCCEEDED");

        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().get(recharges).then().statusCode(200));
        TestTokens.as(TestTokens.forRoles(Roles.ACCOUNT_WRITE), () -> given().get(recharges).then().statusCode(403));
        for (String bad : List.of("status=STUCK", "status=pending", "limit=0", "after=yesterday",
                "after=2026-13-45T99:99:99Z_" + UUID.randomUUID())) {
            given().get(recharges + "?" + bad).then().statusCode(400).contentType("application/problem+json");
        }
        given().get("/accounts/NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8) + "/recharges").then()
                .statusCode(404).contentType("application/problem+json");
    }

    /** The account's recharges by status, e.g. "PENDING=12" (empty when it has none). */
    private static String statusCounts(String accountNo) throws SQLException {
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT status, count(*) FROM account_recharge WHERE account_no = '"
                        + accountNo + "' GROUP BY status ORDER BY status")) {
            StringBuilder counts = new StringBuilder();
            while (rows.next()) {
                counts.append(counts.isEmpty() ? "" : ",").append(rows.getString(1)).append('=').append(rows.getInt(2));
            }
            return counts.toString();
        }
    }
}
