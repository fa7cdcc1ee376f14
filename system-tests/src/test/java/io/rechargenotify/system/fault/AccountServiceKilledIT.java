package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Scenario 1: account-service killed with {@code kill -9} mid-stream and restarted – twice, the second time while it
 * catches up the backlog that built while it was down. Guards: an offset is acknowledged only after the credit
 * committed, so whatever a crash interrupts is consumed again, and the txNo dedup makes the second time harmless.
 */
class AccountServiceKilledIT {

    @Test
    void killedTwiceMidStreamEveryResultIsCreditedOnce() {
        try (MoneyFlow flow = MoneyFlow.start("kill_account")) {
            Load load = flow.postRecharges();
            flow.awaitCredited(100);
            flow.accountService().kill();
            load.awaitAccepted(350);
            flow.accountService().restart();
            flow.awaitCredited(200);
            flow.accountService().kill();
            flow.accountService().restart();
            load.awaitAll();

            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(counts.deadLettered()).isZero();
        }
    }
}
