package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.BadRequests;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input the account API can get, each answered with a 4xx problem that leaks nothing, and none of
 * it stored: every table holds exactly the rows it held before.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class BadInputTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void everyBadRequestIsAProblemAndNothingIsStored() {
        String account = openAccount("CNY");
        String recharges = "/accounts/" + account + "/recharges";
        String future = Instant.now().plusSeconds(3600).toString();
        // Account numbers that would be valid, unique per run: a request wrongly accepted is seen as such, not as 409.
        String n = UUID.randomUUID().toString().substring(0, 6);
        BadRequests bad = new BadRequests()
                // opening an account
                .post("owner missing", "/accounts", """
                        {"currency":"CNY"}""")
                .post("owner blank", "/accounts", open("\"ACC-X1-" + n + "\"", "\"  \"", "\"CNY\""))
                .post("owner too long", "/accounts",
                        open("\"ACC-X2-" + n + "\"", "\"" + "O".repeat(201) + "\"", "\"CNY\""))
                .post("owner script", "/accounts",
                        open("\"ACC-X3-" + n + "\"", "\"<script>alert(1)</script>\"", "\"CNY\""))
                .post("owner control characters", "/accounts",
                        open("\"ACC-X4-" + n + "\"", "\"Li\\u0000Lei\"", "\"CNY\""))
                .post("owner as number", "/accounts", open("\"ACC-X5-" + n + "\"", "42", "\"CNY\""))
                .post("currency unknown", "/accounts", open("\"ACC-X6-" + n + "\"", "\"Li\"", "\"ABC\""))
                .post("currency lower case", "/accounts", open("\"ACC-X7-" + n + "\"", "\"Li\"", "\"cny\""))
                .post("currency missing", "/accounts", """
                        {"accountNo":"ACC-X8-%s","owner":"Li"}""".formatted(n))
                .post("accountNo SQL injection", "/accounts", open("\"x'; DROP TABLE account;--\"", "\"Li\"",
                        "\"CNY\""))
                .post("accountNo too long", "/accounts", open("\"" + "A".repeat(64) + "\"", "\"Li\"", "\"CNY\""))
                .post("accountNo as object", "/accounts", open("{}", "\"Li\"", "\"CNY\""))
                .post("unknown field", "/accounts", """
                        {"accountNo":"ACC-X9-%s","owner":"Li","currency":"CNY","balance":"1000.00"}""".formatted(n))
                .post("malformed JSON", "/accounts", "{\"owner\":")
                .post("empty body", "/accounts", "")
                .post("JSON array", "/accounts", "[]")
                .post("oversized body", "/accounts", "{\"owner\":\"" + "O".repeat(20_000) + "\"}")
                .post("not JSON", "/accounts", "text/plain", "owner=Li")
                // reading accounts
                .get("accountNo path SQL injection", "/accounts/' OR '1'='1")
                .get("accountNo path script", "/accounts/<script>")
                .get("ledger limit zero", "/accounts/" + account + "/ledger?limit=0")
                .get("ledger limit too large", "/accounts/" + account + "/ledger?limit=100000")
                .get("ledger after negative", "/accounts/" + account + "/ledger?after=-1")
                .get("ledger after not a number", "/accounts/" + account + "/ledger?after=abc")
                // recharges started here
                .post("recharge amount zero", recharges, "{\"amount\":\"0.00\"}")
                .post("recharge amount negative", recharges, "{\"amount\":\"-10.00\"}")
                .post("recharge amount scale 3", recharges, "{\"amount\":\"10.005\"}")
                .post("recharge amount huge", recharges, "{\"amount\":\"1e400\"}")
                .post("recharge amount over the limit", recharges, "{\"amount\":\"1000000.01\"}")
                .post("recharge amount as boolean", recharges, "{\"amount\":true}")
                .post("recharge amount missing", recharges, "{}")
                .post("recharge with a currency", recharges, "{\"amount\":\"1.00\",\"currency\":\"USD\"}")
                .post("recharge malformed JSON", recharges, "{\"amount\"")
                .post("recharge unknown account", "/accounts/NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8)
                        + "/recharges", "{\"amount\":\"1.00\"}")
                .get("recharge txNo not a UUID", recharges + "/not-a-uuid")
                .get("recharge txNo unknown", recharges + "/" + UUID.randomUUID())
                .post("reconcile txNo not a UUID", recharges + "/1-1-1-1-1/reconcile", "{}")
                // the ledger and recharges across accounts
                .get("ledger txNo not a UUID", "/ledger/not-a-uuid")
                .get("ledger txNo unknown", "/ledger/" + UUID.randomUUID())
                .get("recharges without a status", "/recharges")
                .get("recharges status unknown", "/recharges?status=STUCK")
                .get("recharges createdBefore not a time", "/recharges?status=PENDING&createdBefore=yesterday")
                .get("recharges createdBefore impossible",
                        "/recharges?status=PENDING&createdBefore=2026-02-30T00:00:00Z")
                .get("recharges after not a cursor", "/recharges?status=PENDING&after=1")
                .get("recharges limit zero", "/recharges?status=PENDING&limit=0")
                // dead letters
                .get("dead letters limit zero", "/dead-letters?limit=0")
                .get("dead letters limit too large", "/dead-letters?limit=5000")
                .get("dead letters limit not a number", "/dead-letters?limit=abc")
                .get("dead letters open not a boolean", "/dead-letters?open=maybe")
                .get("dead letters accountNo injection", "/dead-letters?accountNo=' OR 1=1 --")
                .get("dead letters txNo not a UUID", "/dead-letters?txNo=not-a-uuid")
                .get("dead letter id zero", "/dead-letters/0")
                .get("dead letter id not a number", "/dead-letters/abc")
                .post("replay unknown dead letter", "/dead-letters/" + Long.MAX_VALUE + "/replay", "{}")
                .post("bulk replay limit negative", "/dead-letters/replay", "{\"limit\":-1}")
                .post("bulk replay limit too large", "/dead-letters/replay", "{\"limit\":100000}")
                .post("bulk replay unknown field", "/dead-letters/replay", "{\"everything\":true}")
                // reconciliations
                .post("window with from only", "/reconciliations", "{\"from\":\"2026-11-01T00:00:00Z\"}")
                .post("window reversed", "/reconciliations",
                        "{\"from\":\"2026-11-02T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}")
                .post("window too long", "/reconciliations",
                        "{\"from\":\"2025-01-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
                .post("window not closed yet", "/reconciliations",
                        "{\"from\":\"2026-11-01T00:00:00Z\",\"to\":\"" + future + "\"}")
                .post("window not a time", "/reconciliations", "{\"from\":\"yesterday\",\"to\":\"today\"}")
                .get("reconciliation id not a number", "/reconciliations/abc")
                .get("reconciliation unknown", "/reconciliations/" + Long.MAX_VALUE);
        assertThat(bad.size()).isGreaterThanOrEqualTo(40);
        Map<String, Long> before = rows();

        bad.assertEachRefused();

        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aBadPagingParameterIsNamedAsTheClientWroteIt() {
        String account = openAccount("CNY");
        given().get("/dead-letters?limit=abc&after=x&open=maybe").then().statusCode(400)
                .body("violations.field", containsInAnyOrder("after", "limit", "open"));
        given().get("/accounts/" + account + "/ledger?limit=0&after=-1").then().statusCode(400)
                .body("violations.field", containsInAnyOrder("after", "limit"));
        given().get("/recharges?limit=0&after=x&createdBefore=today").then().statusCode(400)
                .body("violations.field", containsInAnyOrder("after", "createdBefore", "limit", "status"));
    }

    private static Map<String, Long> rows() {
        return TestDatabases.rowCounts(AccountDb.DATABASE, "account", "ledger_entry", "processed_recharge",
                "account_recharge", "dead_letter", "reconciliation_run");
    }

    private static String open(String accountNoJson, String ownerJson, String currencyJson) {
        return """
                {"accountNo":%s,"owner":%s,"currency":%s}""".formatted(accountNoJson, ownerJson, currencyJson);
    }
}
