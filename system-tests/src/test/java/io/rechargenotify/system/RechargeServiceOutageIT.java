package io.rechargenotify.system;

import static io.rechargenotify.system.SystemApi.balance;
import static io.rechargenotify.system.SystemApi.openAccount;
import static io.rechargenotify.system.SystemApi.startRecharge;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * recharge-service is down while accounts ask for recharges: they are accepted PENDING, the circuit opens, none is
 * marked FAILED, and once recharge-service is back every one is resolved SUCCEEDED and credited once.
 */
class RechargeServiceOutageIT {

    private static final int RECHARGES = 15;
    private static final String SUBMIT = "method=\"io.rechargenotify.account.rechargeapi.RechargeGateway.submit\"";

    private static ServiceProcess rechargeService;
    private static ServiceProcess accountService;

    @BeforeAll
    static void startSystem() {
        rechargeService = ServiceProcess.start("recharge-service", "recharge-service-outage",
                SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
        accountService = ServiceProcess.start("account-service", "account-service-outage",
                SystemEnv.reconcilingWithin(rechargeService));
    }

    @AfterAll
    static void stopSystem() {
        ServiceProcess.closeAll(accountService, rechargeService);
    }

    @Test
    void pendingDuringTheOutageAndResolvedWithoutAFalseFailureAfterIt() {
        String accountNo = openAccount(accountService, "OUTAGE");
        rechargeService.close();

        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 1; i <= RECHARGES; i++) {
            startRecharge(accountService, accountNo, i + ".00");
            expected = expected.add(BigDecimal.valueOf(i));
        }
        assertThat(statuses(accountNo)).hasSize(RECHARGES).containsOnly("PENDING");
        // The circuit opened: later submissions were refused at once instead of waiting on a dead service.
        assertThat(SystemApi.metric(accountService, "ft_circuitbreaker_opened_total{" + SUBMIT)).isPositive();
        assertThat(SystemApi.metric(accountService,
                "ft_circuitbreaker_calls_total{circuitBreakerResult=\"circuitBreakerOpen\"," + SUBMIT)).isPositive();
        // Reconciliation keeps asking while the service is down; nothing is given up as FAILED.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> SystemApi.metric(accountService,
                "reconciliation_pending_checks_total{outcome=\"query-failed\"") >= RECHARGES);
        assertThat(statuses(accountNo)).containsOnly("PENDING");

        rechargeService.restart();

        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(statuses(accountNo))
                .hasSize(RECHARGES).containsOnly("SUCCEEDED"));
        assertThat(balance(accountService, accountNo)).isEqualByComparingTo(expected);
        assertThat(Sql.count(SystemEnv.ACCOUNT_DB, "SELECT count(*) FROM ledger_entry WHERE account_no = ?",
                accountNo)).isEqualTo(RECHARGES);
    }

    private static java.util.List<String> statuses(String accountNo) {
        return Sql.column(SystemEnv.ACCOUNT_DB, "SELECT status FROM account_recharge WHERE account_no = ?",
                accountNo);
    }
}
