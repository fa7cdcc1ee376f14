package io.rechargenotify.account.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run keeps its lease for as long as it runs: a stale-pending sweep held up longer than the lease
 * ({@link FakeSourceProfile#LEASE}) by one slow check, or a window whose entries each need a slow look-up, still
 * keeps a second runner out.
 */
@QuarkusTest
@TestProfile(FakeSourceProfile.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "account_test"))
@WithTestResource(FakeRechargeService.class)
class ReconciliationLeaseTest {

    private static final Duration LEASE = Duration.parse("PT" + FakeSourceProfile.LEASE);

    @Inject
    MutableClock clock;

    @Inject
    Ledger ledger;

    @Inject
    IsolatedWork isolated;

    FakeRechargeService source;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void secondRunnerIsRefusedWhileASweepRunsLongerThanTheLease() throws Exception {
        String accountNo = "L-" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON).body("""
                        {"accountNo":"%s","owner":"Lease","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        UUID txNo = UUID.fromString(given().contentType(ContentType.JSON).body("{\"amount\":\"5.00\"}")
                .post("/accounts/" + accountNo + "/recharges").then().statusCode(202).extract().path("txNo"));
        FakeRechargeService.Hold hold = source.hold(txNo);
        makeDue(txNo);
        clock.set(Instant.now());

        // Every run also reconciles a window: one where nothing happened, so only the held check makes this run long
        // (yesterday's window, the default, holds whatever the suite credited before midnight).
        String emptyWindow = emptyWindow();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given()
                .contentType(ContentType.JSON).body(emptyWindow).post("/reconciliations"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(hold::arrived);

        // Twice the lease, with the sweep held up all along: every other attempt to start a run is refused.
        Awaitility.await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> startRun().statusCode() == 409);
        assertThat(first).isNotDone();

        hold.release();
        Response run = first.get(60, TimeUnit.SECONDS);
        assertThat(run.statusCode()).isEqualTo(201);
        assertThat(run.<String>path("status")).isEqualTo("SUCCEEDED");
        given().get("/accounts/" + accountNo + "/recharges/" + txNo).then().statusCode(200)
                .body("lastCheck", equalTo("PENDING at recharge-service"))
                .body("lastCheckedBy", equalTo("reconciler"));
        // Started by an operator with ops:write alone: the run records and shows who.
        long id = given().header("Authorization", "Bearer "
                        + TestTokens.token().roles(Roles.OPS_WRITE).subject("ops-bob").sign())
                .contentType(ContentType.JSON).body(emptyWindow).post("/reconciliations")
                .then().statusCode(201).body("startedBy", equalTo("ops-bob")).body("trigger", equalTo("api"))
                .extract().<Number>path("id").longValue();
        given().get("/reconciliations/" + id).then().statusCode(200).body("startedBy", equalTo("ops-bob"));
    }

    @Test
    void anActiveQueryThatCreditsRecordsWhoAsked() {
        String accountNo = "Q-" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON).body("""
                        {"accountNo":"%s","owner":"Query","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        UUID txNo = UUID.fromString(given().contentType(ContentType.JSON).body("{\"amount\":\"7.00\"}")
                .post("/accounts/" + accountNo + "/recharges").then().statusCode(202).extract().path("txNo"));
        source.add(txNo, accountNo, "7.00", "CNY", "SUCCEEDED", Instant.now());

        TestTokens.as(TestTokens.token().roles(Roles.ACCOUNT_WRITE).subject("owner-carol").sign(), () ->
                given().post("/accounts/" + accountNo + "/recharges/" + txNo + "/reconcile").then().statusCode(200)
                        .body("status", equalTo("SUCCEEDED")).body("lastCheckedBy", equalTo("owner-carol")));
        given().get("/accounts/" + accountNo).then().statusCode(200).body("balance", equalTo("7.00"));
    }

    @Test
    void secondRunnerIsRefusedWhileAWindowOfSlowLookUpsRunsLongerThanTheLease() throws Exception {
        Instant day = UntouchedDays.pick(Duration.ofDays(1), Duration.ofDays(2));
        clock.set(day.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)));
        String accountNo = "W-" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON).body("""
                        {"accountNo":"%s","owner":"Lease","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        // Credited that day, unknown to the source: each entry is looked up on its own, slowly, all on one page.
        int entries = 12;
        for (int i = 0; i < entries; i++) {
            RechargeResultEvent credit = RechargeResultEvent.of(RechargeEventType.RechargeSucceeded,
                    UUID.randomUUID(), accountNo, new BigDecimal("1.00"), "CNY", day.plus(Duration.ofMinutes(i)));
            isolated.await(() -> ledger.apply(credit, LedgerSource.NOTIFICATION), Duration.ofSeconds(30));
        }
        source.slowFinds(LEASE.dividedBy(4));
        int findsBefore = source.finds();
        try {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given()
                    .contentType(ContentType.JSON).body("""
                            {"from":"%s","to":"%s"}""".formatted(day, day.plus(Duration.ofDays(1))))
                    .post("/reconciliations"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> source.finds() > findsBefore);

            Awaitility.await().during(LEASE.multipliedBy(2)).atMost(LEASE.multipliedBy(4))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> startRun().statusCode() == 409);

            Response run = first.get(60, TimeUnit.SECONDS);
            assertThat(run.statusCode()).isEqualTo(201);
            assertThat(run.<String>path("status")).isEqualTo("SUCCEEDED");
            assertThat(run.<Integer>path("report.window.discrepancyCount")).isEqualTo(entries);
        } finally {
            source.slowFinds(Duration.ZERO);
        }
    }

    /** A closed day before any day the reconciliation tests credit on (those start in 1990). */
    private static String emptyWindow() {
        Instant day = Instant.parse("1970-01-01T00:00:00Z")
                .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(7000)));
        return """
                {"from":"%s","to":"%s"}""".formatted(day, day.plus(Duration.ofDays(1)));
    }

    private static Response startRun() {
        return given().contentType(ContentType.JSON).body("{}").post("/reconciliations");
    }

    /** Due for a check now, instead of after account.reconciliation.pending.after. */
    private static void makeDue(UUID txNo) throws SQLException {
        try (Connection db = TestDatabases.connect("account_test");
                PreparedStatement sql = db.prepareStatement(
                        "UPDATE account_recharge SET next_check_at = now() - interval '1 second' WHERE tx_no = ?")) {
            sql.setObject(1, txNo);
            sql.executeUpdate();
        }
    }
}
