package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recovery of PENDING recharges when some of them can never be completed (channel down for them, bad text). */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class PendingRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern STUCK_GAUGE = Pattern.compile("(?m)^recharge_pending_stuck(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern OLDEST_AGE_GAUGE =
            Pattern.compile("(?m)^recharge_pending_oldest_age_seconds(?:\\{[^}]*})? (\\S+)$");
    /** Far older than what other tests leave PENDING (minutes), so while it waits it is the oldest. */
    private static final Duration OLDEST_AGE = Duration.ofDays(30);

    @ConfigProperty(name = "recharge.recovery.batch-size")
    int batchSize;

    @ConfigProperty(name = "recharge.recovery.stuck-after-checks")
    int stuckAfterChecks;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void recoverableRechargeIsRecoveredBehindMoreThanABatchThatCanNeverComplete() {
        List<UUID> neverCompletable = new ArrayList<>();
        // Older than the recoverable one, and more than two batches of them: oldest-first would never reach it.
        for (int i = 0; i < 2 * batchSize + 1; i++) {
            UUID txNo = UUID.randomUUID();
            RechargeDb.insertPending(txNo, freshAccount(ScriptedPaymentChannel.UNREACHABLE), Duration.ofMinutes(10));
            neverCompletable.add(txNo);
        }
        UUID recoverable = UUID.randomUUID();
        RechargeDb.insertPending(recoverable, freshAccount("ACC"), Duration.ofMinutes(5));
        try {
            Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> given().get("/recharges/" + recoverable)
                    .then().statusCode(200).body("status", equalTo("SUCCEEDED")));
            Awaitility.await().atMost(TIMEOUT).until(() -> RechargeDb.published(List.of(recoverable)) == 1);

            // The others keep being asked about, less and less often, and show as stuck once asked often enough.
            Awaitility.await().atMost(TIMEOUT).until(() -> neverCompletable.stream()
                    .allMatch(txNo -> RechargeDb.checks(txNo) >= stuckAfterChecks));
            Awaitility.await().atMost(TIMEOUT).until(() -> stuckGauge() >= neverCompletable.size());
            assertThat(RechargeDb.count("SELECT count(*) FROM recharge WHERE tx_no = ANY(?) AND status = 'PENDING'",
                    neverCompletable)).as("never completed, never called failed").isEqualTo(neverCompletable.size());
        } finally {
            RechargeDb.deletePending(neverCompletable);
        }
    }

    @Test
    void failureReasonLongerThanItsColumnIsStoredTruncatedAndNotified() {
        UUID txNo = RechargeRequests.post(freshAccount(ScriptedPaymentChannel.LONG_REASON), "4.00");

        String reason = given().get("/recharges/" + txNo).then().statusCode(200)
                .body("status", equalTo("FAILED")).extract().path("failureReason");
        assertThat(reason).hasSize(500).startsWith("declined x").doesNotContain("\0");
        Awaitility.await().atMost(TIMEOUT).until(() -> RechargeDb.published(List.of(txNo)) == 1);
    }

    @Test
    void rechargeLeftPendingWithAnUnstorableFailureReasonIsRecoveredOnce() {
        UUID txNo = UUID.randomUUID();
        RechargeDb.insertPending(txNo, freshAccount(ScriptedPaymentChannel.LONG_REASON), Duration.ofMinutes(5));

        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> given().get("/recharges/" + txNo)
                .then().statusCode(200).body("status", equalTo("FAILED")));
        assertThat(RechargeDb.checks(txNo)).as("recorded at the first check, not retried").isEqualTo(1);
        Awaitility.await().atMost(TIMEOUT).until(() -> RechargeDb.published(List.of(txNo)) == 1);
    }

    @Test
    void oldestPendingAgeGaugeShowsTheOldestPendingRechargeUntilItIsGone() {
        // Only this test makes recharges this old: one a killed earlier run left behind would be older than ours.
        RechargeDb.deletePendingOlderThan(OLDEST_AGE.minusDays(1));
        UUID oldest = UUID.randomUUID();
        UUID younger = UUID.randomUUID();
        RechargeDb.insertPending(oldest, freshAccount(ScriptedPaymentChannel.UNREACHABLE), OLDEST_AGE);
        RechargeDb.insertPending(younger, freshAccount(ScriptedPaymentChannel.UNREACHABLE), Duration.ofMinutes(10));
        try {
            Awaitility.await().atMost(TIMEOUT).until(() -> gauge(OLDEST_AGE_GAUGE) >= OLDEST_AGE.toSeconds());
            assertThat(gauge(OLDEST_AGE_GAUGE)).as("its age, not some other time")
                    .isLessThan(OLDEST_AGE.plus(TIMEOUT.multipliedBy(2)).toSeconds());

            RechargeDb.deletePending(List.of(oldest));
            Awaitility.await().atMost(TIMEOUT)
                    .until(() -> gauge(OLDEST_AGE_GAUGE) < OLDEST_AGE.minusDays(1).toSeconds());
        } finally {
            RechargeDb.deletePending(List.of(oldest, younger));
        }
    }

    private static double stuckGauge() {
        return gauge(STUCK_GAUGE);
    }

    private static double gauge(Pattern pattern) {
        Matcher gauge = pattern.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : 0;
    }
}
