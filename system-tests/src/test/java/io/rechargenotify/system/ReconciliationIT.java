package io.rechargenotify.system;

import static io.rechargenotify.system.SystemApi.balance;
import static io.rechargenotify.system.SystemApi.openAccount;
import static io.rechargenotify.system.SystemApi.postRecharge;
import static io.rechargenotify.system.SystemApi.startRecharge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation repairs what notifications missed. recharge-service runs with its relay off, so no result is ever
 * notified: every credit here comes from asking recharge-service (stale-pending checks, window reconciliation).
 * Two account-service instances share one database and reconcile at the same time.
 */
class ReconciliationIT {

    private static final Duration RESOLVED_WITHIN = Duration.ofSeconds(60);

    private static ServiceProcess rechargeService;
    private static ServiceProcess accountA;
    private static ServiceProcess accountB;

    @BeforeAll
    static void startSystem() {
        Map<String, String> rechargeEnv = new HashMap<>(SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
        rechargeEnv.put("RECHARGE_RELAY_ENABLED", "false");
        rechargeService = ServiceProcess.start("recharge-service", "recharge-service-no-relay", rechargeEnv);
        accountA = ServiceProcess.start("account-service", "account-service-reconciler-a", accountEnv());
        accountB = ServiceProcess.start("account-service", "account-service-reconciler-b", accountEnv());
    }

    /** Small claims, so both instances take part; windows closed at once, so a test can reconcile what it made. */
    private static Map<String, String> accountEnv() {
        Map<String, String> env = SystemEnv.reconcilingWithin(rechargeService);
        env.put("ACCOUNT_RECONCILIATION_PENDING_BATCH_SIZE", "5");
        // Not before recharge-service has decided (its channel may take over a second on a busy machine): one check
        // each, so a second check means double work, not a recharge asked about while it was still PENDING there.
        env.put("ACCOUNT_RECONCILIATION_PENDING_AFTER", "5s");
        env.put("ACCOUNT_RECONCILIATION_WINDOW_SETTLE", "0s");
        return env;
    }

    @AfterAll
    static void stopSystem() {
        ServiceProcess.closeAll(accountA, accountB, rechargeService);
    }

    @Test
    void lostNotificationsAreCreditedOnceByTwoReconcilersWithoutDoubleWork() {
        String accountNo = openAccount(accountA, "LOST");
        List<UUID> txNos = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        double creditedBefore = creditedByReconciliation();
        for (int i = 1; i <= 40; i++) {
            String amount = i + ".25";
            txNos.add(startRecharge(i % 2 == 0 ? accountA : accountB, accountNo, amount));
            expected = expected.add(new BigDecimal(amount));
        }

        awaitStatus(accountNo, "SUCCEEDED", txNos.size());
        assertThat(balance(accountA, accountNo)).isEqualByComparingTo(expected);
        assertThat(ledgerSources(accountNo)).hasSize(40).containsOnly("reconciliation");
        // Each recharge was asked about exactly once, by one of the two instances: no double work.
        assertThat(Sql.column(SystemEnv.ACCOUNT_DB, "SELECT checks FROM account_recharge WHERE account_no = ?",
                accountNo)).hasSize(40).containsOnly("1");
        // At least: a PENDING row left in the shared database by an earlier build may be credited meanwhile too.
        assertThat(creditedByReconciliation() - creditedBefore).isGreaterThanOrEqualTo(40.0);
    }

    @Test
    void recordedButNeverSubmittedIsResubmittedWithItsTxNoAndCreditedOnce() {
        String accountNo = openAccount(accountA, "RESUB");
        UUID txNo = UUID.randomUUID();
        // As after a crash between recording the recharge and calling recharge-service: recharge-service says 404.
        Sql.execute(SystemEnv.ACCOUNT_DB, """
                INSERT INTO account_recharge (tx_no, account_no, amount, currency, status, created_at, next_check_at)
                VALUES (?, ?, 12.34, 'CNY', 'PENDING', now(), now())""", txNo, accountNo);

        awaitStatus(accountNo, "SUCCEEDED", 1);
        JsonPath recharge = given().baseUri(accountA.baseUrl())
                .get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200).extract().jsonPath();
        assertThat(recharge.getInt("submissions")).isEqualTo(1);
        given().baseUri(rechargeService.baseUrl()).get("/recharges/" + txNo).then().statusCode(200);
        assertThat(ledgerSources(accountNo)).containsExactly("reconciliation");
        assertThat(balance(accountB, accountNo)).isEqualByComparingTo("12.34");
    }

    @Test
    void windowReconciliationRepairsARemovedLedgerEntryAndReportsAnOrphan() {
        Instant from = Instant.now();
        String accountNo = openAccount(accountA, "WIN");
        List<UUID> txNos = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID txNo : txNos) {
            postRecharge(rechargeService, txNo, accountNo, "10.00");
        }
        postRecharge(rechargeService, UUID.randomUUID(), "UNKNOWN-" + UUID.randomUUID().toString().substring(0, 8),
                "5.00");
        Instant to = Instant.now();

        // First run: none of them was notified, all three are credited.
        JsonPath first = reconcile(accountA, from, to);
        assertThat(first.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(first.getInt("report.window.repairedCount")).isEqualTo(3);
        assertThat(first.getInt("report.window.unknownAccounts")).isEqualTo(1);
        assertThat(balance(accountA, accountNo)).isEqualByComparingTo("30.00");

        // A credit lost on the account side (entry, dedup row and balance gone), and a credit with no source record.
        UUID removed = txNos.get(1);
        Sql.execute(SystemEnv.ACCOUNT_DB, "DELETE FROM ledger_entry WHERE tx_no = ?", removed);
        Sql.execute(SystemEnv.ACCOUNT_DB, "DELETE FROM processed_recharge WHERE tx_no = ?", removed);
        Sql.execute(SystemEnv.ACCOUNT_DB, "UPDATE account SET balance = balance - 10 WHERE account_no = ?",
                accountNo);
        UUID orphan = UUID.randomUUID();
        Timestamp inWindow = Timestamp.from(from.plus(Duration.between(from, to).dividedBy(2)));
        Sql.execute(SystemEnv.ACCOUNT_DB, """
                INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, created_at)
                VALUES (?, ?, 7.00, 'CNY', 'replay', ?, now())""", accountNo, orphan, inWindow);

        JsonPath second = reconcile(accountB, from, to);
        assertThat(second.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(second.getInt("report.window.repairedCount")).isEqualTo(1);
        assertThat(second.getString("report.window.repaired[0].txNo")).isEqualTo(removed.toString());
        assertThat(second.getInt("report.window.matched")).isEqualTo(2);
        assertThat(second.getInt("report.window.discrepancyCount")).isEqualTo(1);
        assertThat(second.getString("report.window.discrepancies[0].kind")).isEqualTo("NO_SOURCE_RECORD");
        assertThat(second.getString("report.window.discrepancies[0].txNo")).isEqualTo(orphan.toString());
        assertThat(balance(accountA, accountNo)).isEqualByComparingTo("30.00");

        // The stored report reads back the same.
        assertThat(given().baseUri(accountA.baseUrl()).get("/reconciliations/" + second.getLong("id")).then()
                .statusCode(200).extract().jsonPath().getInt("report.window.repairedCount")).isEqualTo(1);
    }

    @Test
    void aRunningReconciliationKeepsOthersOutAndConcurrentRunsNeverCreditTwice() throws Exception {
        Instant from = Instant.now();
        String accountNo = openAccount(accountA, "LEASE");
        for (int i = 0; i < 20; i++) {
            postRecharge(rechargeService, UUID.randomUUID(), accountNo, "1.00");
        }
        Instant to = Instant.now();
        String window = """
                {"from":"%s","to":"%s"}""".formatted(from, to);

        // Another runner holds the lease: no second run starts.
        Sql.execute(SystemEnv.ACCOUNT_DB, """
                INSERT INTO reconciliation_lease (name, holder, lease_until) VALUES ('reconciliation', 'elsewhere',
                now() + interval '1 minute') ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                lease_until = excluded.lease_until""");
        try {
            given().baseUri(accountA.baseUrl()).contentType(ContentType.JSON).body(window).post("/reconciliations")
                    .then().statusCode(409).contentType("application/problem+json");
        } finally {
            Sql.execute(SystemEnv.ACCOUNT_DB, "DELETE FROM reconciliation_lease WHERE holder = 'elsewhere'");
        }

        // Both instances asked at once: whichever runs, the 20 credits happen once.
        var runA = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().baseUri(accountA.baseUrl())
                .contentType(ContentType.JSON).body(window).post("/reconciliations").statusCode());
        var runB = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().baseUri(accountB.baseUrl())
                .contentType(ContentType.JSON).body(window).post("/reconciliations").statusCode());
        assertThat(List.of(runA.get(), runB.get())).contains(201).allMatch(status -> status == 201 || status == 409);
        assertThat(balance(accountA, accountNo)).isEqualByComparingTo("20.00");
        assertThat(ledgerSources(accountNo)).hasSize(20);
    }

    private static JsonPath reconcile(ServiceProcess accountService, Instant from, Instant to) {
        return given().baseUri(accountService.baseUrl()).contentType(ContentType.JSON)
                .body("""
                        {"from":"%s","to":"%s"}""".formatted(from, to))
                .post("/reconciliations")
                .then().statusCode(201).extract().jsonPath();
    }

    private static void awaitStatus(String accountNo, String status, int count) {
        Awaitility.await().atMost(RESOLVED_WITHIN).untilAsserted(() -> assertThat(Sql.column(SystemEnv.ACCOUNT_DB,
                "SELECT status FROM account_recharge WHERE account_no = ?", accountNo))
                .hasSize(count).containsOnly(status));
    }

    private static List<String> ledgerSources(String accountNo) {
        return Sql.column(SystemEnv.ACCOUNT_DB, "SELECT source FROM ledger_entry WHERE account_no = ?", accountNo);
    }

    private static double creditedByReconciliation() {
        String credited = "reconciliation_pending_checks_total{outcome=\"credited\"";
        return SystemApi.metric(accountA, credited) + SystemApi.metric(accountB, credited);
    }
}
