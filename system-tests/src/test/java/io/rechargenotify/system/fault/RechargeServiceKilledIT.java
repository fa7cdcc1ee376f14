package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.system.Sql;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: recharge-service killed with {@code kill -9} while hundreds of results are committed but not yet
 * published (its relay is kept from claiming them), and while requests are in flight; restarted. Guards: the outbox
 * row commits with the result, so the restarted relay publishes every one; callers resend unanswered requests with
 * the same txNo and get the recharge that was taken, not a second one.
 */
class RechargeServiceKilledIT {

    @Test
    void killedBetweenCommitAndPublishEveryResultIsPublishedAndCreditedOnce() {
        try (MoneyFlow flow = MoneyFlow.start("kill_recharge")) {
            Load load;
            long unpublished;
            try (OutboxShards held = OutboxShards.hold(flow.rechargeDb())) {
                load = flow.postRecharges();
                load.awaitAccepted(300);
                flow.rechargeService().kill();
                unpublished = Sql.count(flow.rechargeDb(), "SELECT count(*) FROM outbox WHERE published_at IS NULL");
            }
            assertThat(unpublished).as("results committed but not published when the process died")
                    .isGreaterThanOrEqualTo(300);
            flow.rechargeService().restart();
            load.awaitAll();

            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            System.out.println("[fault kill_recharge] committed but unpublished at the kill: " + unpublished);
            assertThat(counts.succeeded() + counts.failed()).isEqualTo(MoneyFlow.RECHARGES);
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(Sql.count(flow.rechargeDb(), "SELECT count(*) FROM outbox WHERE published_at IS NULL"))
                    .isZero();
        }
    }
}
