package io.rechargenotify.account.reconcile;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation gauges the alerts watch come from the stored runs, whoever stored them: here rows written
 * straight into the database, as the CronJob's pod (another process) leaves them. The database is this test's alone,
 * so "the last run" is one of its own.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = ReconciliationGaugesTest.DATABASE))
class ReconciliationGaugesTest {

    static final String DATABASE = "account_reconciliation_gauges_test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LAST_SUCCESS =
            Pattern.compile("(?m)^reconciliation_last_success_timestamp_seconds(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern LAST_DISCREPANCIES =
            Pattern.compile("(?m)^reconciliation_last_discrepancies(?:\\{[^}]*})? (\\S+)$");

    @Inject
    ObjectMapper json;

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

    /** A report as Reconciliations stores it (the service's own JSON mapping), with this many discrepancies. */
    private String report(int discrepancies) throws Exception {
        WindowReport window = new WindowReport(10, 9, 1, 0, 9 - discrepancies, 9 - discrepancies, 0, discrepancies,
                List.of(), List.of());
        return json.writeValueAsString(new ReconciliationReport(Map.of("credited", 1), window));
    }

    private static void insertRun(String status, Instant finishedAt, String report) throws SQLException {
        Instant windowFrom = finishedAt.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        try (Connection db = TestDatabases.connect(DATABASE);
                PreparedStatement insert = db.prepareStatement("""
                        INSERT INTO reconciliation_run (trigger, started_by, window_from, window_to, status, runner,
                                                        started_at, finished_at, report)
                        VALUES ('one-shot', 'one-shot', ?, ?, ?, 'account-reconciliation-pod', ?, ?, ?)""")) {
            insert.setTimestamp(1, Timestamp.from(windowFrom));
            insert.setTimestamp(2, Timestamp.from(windowFrom.plus(Duration.ofDays(1))));
            insert.setString(3, status);
            insert.setTimestamp(4, Timestamp.from(finishedAt.minus(Duration.ofMinutes(1))));
            insert.setTimestamp(5, Timestamp.from(finishedAt));
            insert.setString(6, report);
            insert.executeUpdate();
        }
    }

    private static void awaitGauges(long lastSuccessEpochSeconds, long lastDiscrepancies) {
        Awaitility.await().atMost(TIMEOUT).until(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return gauge(metrics, LAST_SUCCESS) == lastSuccessEpochSeconds
                    && gauge(metrics, LAST_DISCREPANCIES) == lastDiscrepancies;
        });
    }

    private static double gauge(String metrics, Pattern pattern) {
        Matcher gauge = pattern.matcher(metrics);
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : Double.NaN;
    }
}
