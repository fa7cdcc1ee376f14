package io.rechargenotify.system.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.system.Sql;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: a share of the notifications lost – one outbox row in five is removed in the very transaction that
 * wrote it, so the relay never sees it – and a reconciliation of the window repairs them. Guards: the window
 * reconciliation asks recharge-service for every recharge completed in the window and credits, once, each SUCCEEDED
 * one the ledger lacks; the notifications that did arrive are matched, not credited again.
 */
class LostNotificationsIT {

    @Test
    void lostNotificationsAreRepairedByTheReconcilerAndNothingIsCreditedTwice() {
        try (MoneyFlow flow = MoneyFlow.start("lost_notifications", Map.of(),
                Map.of("ACCOUNT_RECONCILIATION_WINDOW_SETTLE", "0s"))) {
            loseOneNotificationInFive(flow.rechargeDb());
            flow.postRecharges().awaitAll();
            flow.awaitAllDecided();
            long lost = Sql.count(flow.rechargeDb(), "SELECT count(*) FROM lost_notification");
            long lostSucceeded = Sql.count(flow.rechargeDb(), """
                    SELECT count(*) FROM lost_notification l JOIN recharge r USING (tx_no)
                    WHERE r.status = 'SUCCEEDED'""");
            long succeeded = Sql.count(flow.rechargeDb(), "SELECT count(*) FROM recharge WHERE status = 'SUCCEEDED'");
            assertThat(lost).as("notifications lost").isGreaterThanOrEqualTo(MoneyFlow.RECHARGES / 10);
            // Everything that was notified is credited; only the lost ones are missing.
            flow.awaitCredited(succeeded - lostSucceeded);
            assertThat(flow.credited()).isEqualTo(succeeded - lostSucceeded);

            JsonPath run = given().baseUri(flow.accountService().baseUrl()).contentType(ContentType.JSON)
                    .body("""
                            {"from":"%s","to":"%s"}""".formatted(flow.startedAt(), Instant.now()))
                    .post("/reconciliations").then().statusCode(201).extract().jsonPath();

            assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(run.getLong("report.window.repairedCount")).isEqualTo(lostSucceeded);
            assertThat(run.getLong("report.window.discrepancyCount")).isZero();
            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            System.out.printf("[fault lost_notifications] lost %d notifications (%d of SUCCEEDED recharges)%n", lost,
                    lostSucceeded);
            assertThat(counts.repaired()).isEqualTo(lostSucceeded);
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
        }
    }

    /** Removes one outbox row in five (by txNo hash) right after it is written, remembering which. */
    private static void loseOneNotificationInFive(String rechargeDb) {
        Sql.execute(rechargeDb, """
                CREATE TABLE lost_notification (tx_no UUID PRIMARY KEY);
                CREATE FUNCTION lose_notification() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF mod(abs(hashtext(NEW.tx_no::text)), 5) = 0 THEN
                        INSERT INTO lost_notification VALUES (NEW.tx_no);
                        DELETE FROM outbox WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER lose_notification AFTER INSERT ON outbox FOR EACH ROW
                    EXECUTE FUNCTION lose_notification();""");
    }
}
