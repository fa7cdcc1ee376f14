package io.rechargenotify.account.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is read from the stored reconciliation runs, whoever stored them – here rows written straight into the
 * database, as the CronJob's pod (another process) leaves them: the gauges the alerts watch, and the runs an operator
 * lists. The database is this test's alone, so "the last run" is one of its own.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = StoredRunsTest.DATABASE))
class StoredRunsTest {

    static final String DATABASE = "account_reconciliation_gauges_test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LAST_SUCCESS =
            Pattern.compile("(?m)^reconciliation_last_success_timestamp_seconds(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern LAST_DISCREPANCIES =
            Pattern.compile("(?m)^reconciliation_last_discrepancies(?:\\{[^}]*})? (\\S+)$");

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @BeforeEach
    void noRunsYet() throws SQLException {
        try (Connection db = TestDatabases.connect(DATABASE); Statement sql = db.createStatement()) {
            sql.executeUpdate("DELETE FROM reconciliation_run");
        }
    }

    @Test
    void gaugesShowTheSucceededRunThatFinishedLastAndIgnoreFailedOnes() throws Exception {
        awaitGauges(0, 0);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstSuccess = now.minus(Duration.ofHours(3));
        insertRun("SUCCEEDED", firstSuccess, report(2));
        // A failed run after it has no window report and is no success: the gauges stay on the succeeded one.
        insertRun("FAILED", now.minus(Duration.ofHours(1)), json.writeValueAsString(
                new ReconciliationReport(Map.of(), null)));
        awaitGauges(firstSuccess.getEpochSecond(), 2);

        Instant secondSuccess = now.minus(Duration.ofMinutes(10));
        insertRun("SUCCEEDED", secondSuccess, report(0));
        awaitGauges(secondSuccess.getEpochSecond(), 0);
    }

    @Test
    void pastRunsAreListedNewestFirstWithTheirReportsCountsByStatus() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long oldest = insertRun("SUCCEEDED", now.minus(Duration.ofHours(3)), report(2));
        long failed = insertRun("FAILED", now.minus(Duration.ofHours(2)), json.writeValueAsString(
                new ReconciliationReport(Map.of(), null)));
        long newest = insertRun("SUCCEEDED", now.minus(Duration.ofHours(1)), report(0));

        JsonPath first = given().get("/reconciliations?limit=2").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id", Long.class)).containsExactly(newest, failed);
        assertThat(first.getList("items.discrepancyCount")).containsExactly(0, null);
        assertThat(first.getLong("next")).isEqualTo(failed);
        JsonPath second = given().get("/reconciliations?limit=2&after=" + failed).then().statusCode(200).extract()
                .jsonPath();
        assertThat(second.getList("items.id", Long.class)).containsExactly(oldest);
        assertThat(second.getInt("items[0].discrepancyCount")).isEqualTo(2);
        assertThat(second.getInt("items[0].repairedCount")).isZero();
        assertThat(second.getString("items[0].startedBy")).isEqualTo("one-shot");
        assertThat(second.getString("next")).isNull();
        assertThat(given().get("/reconciliations?status=FAILED").then().statusCode(200).extract().jsonPath()
                .getList("items.id", Long.class)).containsExactly(failed);

        for (String bad : List.of("status=DONE", "after=abc", "after=-1", "limit=0", "limit=1001")) {
            given().get("/reconciliations?" + bad).then().statusCode(400).contentType("application/problem+json");
        }
        TestTokens.as(TestTokens.forRoles(Roles.ACCOUNT_READ), () -> given().get("/reconciliations").then()
                .statusCode(403));
    }

    /** A report as Reconciliations stores it (the service's own JSON mapping), with this many discrepancies. */
    private String report(int discrepancies) throws Exception {
        WindowReport window = new WindowReport(10, 9, 1, 0, 9 - discrepancies, 9 - discrepancies, 0, discrepancies,
                List.of(), List.of());
        return json.writeValueAsString(new ReconciliationReport(Map.of("credited", 1), window));
    }

    /** Stores a run as another process would; its id. */
    private static long insertRun(String status, Instant finishedAt, String report) throws SQLException {
        Instant windowFrom = finishedAt.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO reconciliation_run (trigger, started_by, window_from, window_to, status, runner,
                                                        started_at, finished_at, report)
                        VALUES ('one-shot', 'one-shot', ?, ?, ?, 'account-reconciliation-pod', ?, ?, ?)
                        RETURNING id""")) {
            insert.setTimestamp(1, Timestamp.from(windowFrom));
            insert.setTimestamp(2, Timestamp.from(windowFrom.plus(Duration.ofDays(1))));
            insert.setString(3, status);
            insert.setTimestamp(4, Timestamp.from(finishedAt.minus(Duration.ofMinutes(1))));
            insert.setTimestamp(5, Timestamp.from(finishedAt));
            insert.setString(6, report);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private static void awaitGauges(long lastSuccessEpochSeconds, long lastDiscrepancies) {
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(new double[] {gauge(metrics, LAST_SUCCESS), gauge(metrics, LAST_DISCREPANCIES)})
                    .as("the reconciliation gauges in %s", metrics.lines()
                            .filter(line -> line.startsWith("reconciliation_") || line.startsWith("account_recharges")
                                    || line.startsWith("recharge_results_dead")).toList())
                    .containsExactly(lastSuccessEpochSeconds, lastDiscrepancies);
        });
    }

    private static double gauge(String metrics, Pattern pattern) {
        Matcher gauge = pattern.matcher(metrics);
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : Double.NaN;
    }
}
