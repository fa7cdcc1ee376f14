package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.system.Sql;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: recharge-service down while accounts ask account-service for recharges. account-service records each
 * one PENDING and answers 202; once recharge-service is back, the stale-pending reconciler submits the ones it never
 * received (same txNo) and asks about the rest. Guards: no answer from recharge-service is never taken for a
 * refusal – every recharge ends as recharge-service decided it, none falsely failed, each credit once.
 */
class RechargeServiceDownIT {

    private static final int ACCOUNT_RECHARGES = 500;

    @Test
    void rechargesMadeWhileRechargeServiceIsDownAreAllResolvedAsItDecides() {
        try (MoneyFlow flow = MoneyFlow.start("recharge_down")) {
            flow.rechargeService().kill();
            List<UUID> txNos = flow.startAccountRecharges(ACCOUNT_RECHARGES).awaitAll();
            assertThat(Sql.count(flow.accountDb(), "SELECT count(*) FROM account_recharge WHERE status = 'PENDING'"))
                    .as("recorded PENDING while recharge-service was down").isEqualTo(ACCOUNT_RECHARGES);
            flow.rechargeService().restart();

            Awaitility.await("every account recharge resolved").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500)).until(() -> Sql.count(flow.accountDb(),
                            "SELECT count(*) FROM account_recharge WHERE status = 'PENDING'") == 0);
            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            assertThat(counts.succeeded() + counts.failed()).as("recharges recharge-service took")
                    .isEqualTo(txNos.size());
            // Failed means declined by the channel: exactly the DECLINE- accounts' recharges, nothing else.
            assertThat(Sql.count(flow.accountDb(), """
                    SELECT count(*) FROM account_recharge WHERE status = 'FAILED' AND account_no NOT LIKE 'DECLINE-%'"""))
                    .as("falsely failed").isZero();
            assertThat(Sql.count(flow.accountDb(), "SELECT count(*) FROM account_recharge WHERE status = 'FAILED'"))
                    .isEqualTo(counts.failed());
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
        }
    }
}
