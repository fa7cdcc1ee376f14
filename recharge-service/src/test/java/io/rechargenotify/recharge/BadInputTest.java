package io.rechargenotify.recharge;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.BadRequests;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input the recharge API can get, each answered with a 4xx problem that leaks nothing, and none of
 * it stored: the tables hold exactly the rows they held before.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class BadInputTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void everyBadRequestIsAProblemAndNothingIsStored() {
        BadRequests bad = new BadRequests()
                // amount: types, sign, scale, size
                .post("amount as boolean", "/recharges", body("ACC-1", "true", "\"CNY\""))
                .post("amount as object", "/recharges", body("ACC-1", "{}", "\"CNY\""))
                .post("amount as array", "/recharges", body("ACC-1", "[1]", "\"CNY\""))
                .post("amount not a number", "/recharges", body("ACC-1", "\"abc\"", "\"CNY\""))
                .post("amount zero", "/recharges", body("ACC-1", "\"0.00\"", "\"CNY\""))
                .post("amount negative", "/recharges", body("ACC-1", "\"-1.00\"", "\"CNY\""))
                .post("amount scale 3", "/recharges", body("ACC-1", "\"1.001\"", "\"CNY\""))
                .post("amount over the limit", "/recharges", body("ACC-1", "\"1000000.01\"", "\"CNY\""))
                .post("amount huge", "/recharges", body("ACC-1", "\"99999999999999999999999999999.00\"", "\"CNY\""))
                .post("amount 1e400", "/recharges", body("ACC-1", "1e400", "\"CNY\""))
                .post("amount missing", "/recharges", """
                        {"accountNo":"ACC-1","currency":"CNY"}""")
                .post("amount null", "/recharges", body("ACC-1", "null", "\"CNY\""))
                // currency
                .post("currency unknown", "/recharges", body("ACC-1", "\"1.00\"", "\"ABC\""))
                .post("currency lower case", "/recharges", body("ACC-1", "\"1.00\"", "\"cny\""))
                .post("currency empty", "/recharges", body("ACC-1", "\"1.00\"", "\"\""))
                .post("currency too long", "/recharges", body("ACC-1", "\"1.00\"", "\"CNYY\""))
                .post("currency as number", "/recharges", body("ACC-1", "\"1.00\"", "156"))
                .post("currency missing", "/recharges", """
                        {"accountNo":"ACC-1","amount":"1.00"}""")
                // account number
                .post("accountNo missing", "/recharges", """
                        {"amount":"1.00","currency":"CNY"}""")
                .post("accountNo empty", "/recharges", body("", "\"1.00\"", "\"CNY\""))
                .post("accountNo too long", "/recharges", body("A".repeat(100), "\"1.00\"", "\"CNY\""))
                .post("accountNo SQL injection", "/recharges", body("x'; DROP TABLE recharge;--", "\"1.00\"",
                        "\"CNY\""))
                .post("accountNo script", "/recharges", body("<script>alert(1)</script>", "\"1.00\"", "\"CNY\""))
                .post("accountNo with spaces", "/recharges", body("ACC 1", "\"1.00\"", "\"CNY\""))
                .post("accountNo as number", "/recharges", """
                        {"accountNo":12345,"amount":"1.00","currency":"CNY"}""")
                // txNo
                .post("txNo not a UUID", "/recharges", withTxNo("\"not-a-uuid\""))
                .post("txNo short UUID form", "/recharges", withTxNo("\"1-1-1-1-1\""))
                .post("txNo as number", "/recharges", withTxNo("42"))
                .post("txNo SQL injection", "/recharges", withTxNo("\"' OR 1=1 --\""))
                // shape of the body
                .post("unknown field", "/recharges", """
                        {"accountNo":"ACC-1","amount":"1.00","currency":"CNY","fee":"0.01"}""")
                .post("malformed JSON", "/recharges", "{\"accountNo\":")
                .post("empty body", "/recharges", "")
                .post("JSON array", "/recharges", "[]")
                .post("JSON null", "/recharges", "null")
                .post("JSON string", "/recharges", "\"recharge\"")
                .post("oversized body", "/recharges", "{\"accountNo\":\"" + "A".repeat(20_000) + "\"}")
                .post("not JSON", "/recharges", "text/plain", "accountNo=ACC-1&amount=1.00")
                // path and query parameters
                .get("txNo path not a UUID", "/recharges/not-a-uuid")
                .get("txNo path SQL injection", "/recharges/' OR '1'='1")
                .get("txNo path short form", "/recharges/1-1-1-1-1")
                .get("limit zero", "/recharges?limit=0")
                .get("limit over the maximum", "/recharges?limit=1001")
                .get("limit not a number", "/recharges?limit=ten")
                .get("limit negative", "/recharges?limit=-1")
                .get("completedFrom not a time", "/recharges?completedFrom=yesterday")
                .get("completedFrom impossible date", "/recharges?completedFrom=2026-13-45T00:00:00Z")
                .get("window reversed",
                        "/recharges?completedFrom=2026-11-23T00:00:00Z&completedTo=2026-11-22T00:00:00Z")
                .get("status PENDING with a completion window",
                        "/recharges?status=PENDING&completedFrom=2026-01-01T00:00:00Z")
                .get("createdBefore without status PENDING", "/recharges?createdBefore=2026-01-01T00:00:00Z")
                .get("createdBefore not a time", "/recharges?status=PENDING&createdBefore=yesterday")
                .get("status unknown", "/recharges?status=DONE")
                .get("cursor forged", "/recharges?after=garbage")
                .get("accountNo query SQL injection", "/recharges?accountNo=' OR 1=1 --");
        assertThat(bad.size()).isGreaterThanOrEqualTo(40);
        Map<String, Long> before = rows();

        bad.assertEachRefused();

        assertThat(rows()).isEqualTo(before);
    }

    /**
     * The recharges: an outbox row references its recharge, so no new recharge means nothing was stored or notified.
     * (The outbox itself may gain rows meanwhile: the recovery job completes PENDING recharges of earlier tests.)
     */
    private static Map<String, Long> rows() {
        return TestDatabases.rowCounts(RechargeDb.DATABASE, "recharge");
    }

    private static String body(String accountNo, String amountJson, String currencyJson) {
        return """
                {"accountNo":"%s","amount":%s,"currency":%s}""".formatted(accountNo, amountJson, currencyJson);
    }

    private static String withTxNo(String txNoJson) {
        return """
                {"txNo":%s,"accountNo":"ACC-1","amount":"1.00","currency":"CNY"}""".formatted(txNoJson);
    }
}
