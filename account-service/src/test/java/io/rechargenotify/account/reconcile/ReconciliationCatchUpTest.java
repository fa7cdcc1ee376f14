package io.rechargenotify.account.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window whose runs all failed is caught up later, oldest first, by the schedule and the one-shot mode alike,
 * within the catch-up horizon ({@link FakeSourceProfile#CATCH_UP}); a window that succeeded is not run again. The
 * clock is moved through days of a past year no run has touched yet, so the windows and their ledger are this test's.
 */
@QuarkusTest
@TestProfile(FakeSourceProfile.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "account_test"))
@WithTestResource(FakeRechargeService.class)
class ReconciliationCatchUpTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration PAST_SETTLING = Duration.ofMinutes(30);

    @Inject
    MutableClock clock;

    @Inject
    Reconciliations reconciliations;

    FakeRechargeService source;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void daysWhoseRunsAllFailedAreCaughtUpOldestFirstOnceRechargeServiceAnswersAgain() throws SQLException {
        Instant day0 = freshDay();
        String accountNo = openAccount();
        // One recharge completed on each of three days whose notification never came: only the window credits it.
        for (int day = 0; day < 3; day++) {
            source.add(UUID.randomUUID(), accountNo, (day + 1) + ".00", "CNY", "SUCCEEDED",
                    day0.plus(DAY.multipliedBy(day)).plus(Duration.ofHours(9)));
        }

        source.listingDownFor(from -> true);
        clock.set(day0.plus(DAY).plus(PAST_SETTLING));
        reconciliations.onSchedule();
        clock.set(day0.plus(DAY.multipliedBy(2)).plus(PAST_SETTLING));
        reconciliations.onSchedule();
        assertThat(runs(day0.minus(DAY.multipliedBy(2)), day0.plus(DAY.multipliedBy(2))))
                .hasSize(6).allMatch(run -> run.endsWith("FAILED"));
        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");

        source.listingDownFor(from -> false);
        clock.set(day0.plus(DAY.multipliedBy(3)).plus(PAST_SETTLING));
        long before = lastRunId();
        reconciliations.onSchedule();

        assertThat(runsAfter(before)).containsExactly(
                day0 + " schedule SUCCEEDED",
                day0.plus(DAY) + " schedule SUCCEEDED",
                day0.plus(DAY.multipliedBy(2)) + " schedule SUCCEEDED");
        assertThat(balance(accountNo)).isEqualByComparingTo("6.00");

        // Every window within the horizon has succeeded now: the next scheduled run has nothing to do.
        long caughtUp = lastRunId();
        int listings = source.listedWindows().size();
        reconciliations.onSchedule();
        assertThat(lastRunId()).isEqualTo(caughtUp);
        assertThat(source.listedWindows()).hasSize(listings);
    }

    @Test
    void oneShotCatchUpGoesOnPastAFailedWindowAndRunsOnlyThatOneAgainLater() throws SQLException {
        Instant day0 = freshDay();
        Instant day1 = day0.plus(DAY);
        clock.set(day0.plus(DAY.multipliedBy(3)).plus(PAST_SETTLING));

        source.listingDownFor(day1::equals);
        List<ReconciliationRun> firstRuns = reconciliations.catchUp("one-shot");
        assertThat(firstRuns).extracting(run -> run.startedBy).containsOnly("one-shot");
        List<String> first = firstRuns.stream().map(run -> run.windowFrom + " " + run.status).toList();
        assertThat(first).containsExactly(day0 + " SUCCEEDED", day1 + " FAILED",
                day0.plus(DAY.multipliedBy(2)) + " SUCCEEDED");

        source.listingDownFor(from -> false);
        List<String> second = reconciliations.catchUp("one-shot").stream()
                .map(run -> run.windowFrom + " " + run.status).toList();
        assertThat(second).containsExactly(day1 + " SUCCEEDED");
        assertThat(reconciliations.catchUp("one-shot")).isEmpty();
    }

    /** A day whose windows, from the catch-up horizon before it to the last one after it, nobody has run yet. */
    private static Instant freshDay() throws SQLException {
        return UntouchedDays.pick(DAY.multipliedBy(3), DAY.multipliedBy(4));
    }

    private static String openAccount() {
        String accountNo = "C-" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON).body("""
                        {"accountNo":"%s","owner":"Catch Up","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        return accountNo;
    }

    private static BigDecimal balance(String accountNo) {
        return new BigDecimal(given().get("/accounts/" + accountNo).then().statusCode(200).extract()
                .<String>path("balance"));
    }

    /** "windowFrom status" of the runs of windows within [from, to), in the order they ran. */
    private static List<String> runs(Instant from, Instant to) throws SQLException {
        return query("SELECT window_from, trigger, status FROM reconciliation_run WHERE window_from >= ? "
                + "AND window_to <= ? ORDER BY id", Timestamp.from(from), Timestamp.from(to));
    }

    /** "windowFrom trigger status" of the runs after the run {@code id}, in the order they ran. */
    private static List<String> runsAfter(long id) throws SQLException {
        return query("SELECT window_from, trigger, status FROM reconciliation_run WHERE id > ? ORDER BY id", id);
    }

    private static long lastRunId() throws SQLException {
        try (Connection db = TestDatabases.connect("account_test");
                PreparedStatement sql = db.prepareStatement("SELECT coalesce(max(id), 0) FROM reconciliation_run");
                ResultSet rows = sql.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> query(String statement, Object... parameters) throws SQLException {
        try (Connection db = TestDatabases.connect("account_test");
                PreparedStatement sql = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                sql.setObject(i + 1, parameters[i]);
            }
            List<String> runs = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    runs.add(rows.getTimestamp(1).toInstant() + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            return runs;
        }
    }
}
