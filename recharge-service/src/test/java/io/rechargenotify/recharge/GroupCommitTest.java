package io.rechargenotify.recharge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that arrive while a statement runs are committed together by the next one, and each is still answered for
 * its own row: new ones 201, a repeated txNo 201 once and 200 after, and a row the database refuses fails only its
 * own request. One statement of a kind at a time here, held up by a lock the test takes, so the batch is certain.
 */
@QuarkusTest
@TestProfile(GroupCommitTest.OneStatementAtATime.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class GroupCommitTest {

    /** The database refuses a recharge of this amount (a trigger the test installs). */
    private static final String REFUSED_AMOUNT = "13.13";

    /** Each request blocks a thread until it is answered, and 15 wait at once. */
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(16);

    public static class OneStatementAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The held statement waits on the test's lock for as long as the test needs, not the tests' usual 2 s.
            return Map.of("recharge.group-commit.in-flight", "1",
                    "quarkus.datasource.reactive.additional-properties.statement_timeout", "60s");
        }
    }

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void requestsArrivingDuringAStatementAreCommittedTogetherAndEachAnsweredForItsOwnRow() throws Exception {
        String accountNo = RechargeRequests.freshAccount("GC");
        UUID held = UUID.randomUUID();
        UUID repeated = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        List<UUID> fresh = new ArrayList<>();
        try (Connection lock = TestDatabases.connect(RechargeDb.DATABASE);
                Connection admin = TestDatabases.connect(RechargeDb.DATABASE)) {
            refuseAmount(admin, REFUSED_AMOUNT);
            // An uncommitted row with the first request's txNo: its insert waits for this transaction.
            lock.setAutoCommit(false);
            try (PreparedStatement insert = lock.prepareStatement("""
                    INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                    VALUES (?, ?, 1.00, 'CNY', 'PENDING', now())""")) {
                insert.setObject(1, held);
                insert.setString(2, accountNo);
                insert.executeUpdate();
            }
            CompletableFuture<Integer> first = post(held, accountNo, "1.00");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> insertsWaitingForALock(admin) == 1);

            List<CompletableFuture<Integer>> freshAnswers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                UUID txNo = UUID.randomUUID();
                fresh.add(txNo);
                freshAnswers.add(post(txNo, accountNo, "2.00"));
            }
            List<CompletableFuture<Integer>> repeatedAnswers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                repeatedAnswers.add(post(repeated, accountNo, "3.00"));
            }
            CompletableFuture<Integer> refusedAnswer = post(refused, accountNo, REFUSED_AMOUNT);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metric("recharge_writes_waiting") == 14);

            lock.rollback();

            assertThat(first.get()).isEqualTo(201);
            assertThat(freshAnswers).allSatisfy(answer -> assertThat(answer.get()).isEqualTo(201));
            assertThat(repeatedAnswers.stream().map(CompletableFuture::join).toList())
                    .containsExactlyInAnyOrder(201, 200, 200);
            assertThat(refusedAnswer.get()).isEqualTo(500);
            assertThat(metric("recharge_writes_batch_size_max")).isGreaterThanOrEqualTo(14);
            assertThat(metric("recharge_writes_waiting")).isZero();

            List<UUID> stored = new ArrayList<>(fresh);
            stored.add(held);
            stored.add(repeated);
            for (UUID txNo : stored) {
                assertThat(count(admin, "SELECT count(*) FROM recharge WHERE tx_no = ? AND status = 'SUCCEEDED'",
                        txNo)).as("recharge %s", txNo).isEqualTo(1);
                assertThat(count(admin, "SELECT count(*) FROM outbox WHERE tx_no = ?", txNo))
                        .as("outbox rows of %s", txNo).isEqualTo(1);
            }
            assertThat(count(admin, "SELECT count(*) FROM recharge WHERE tx_no = ?", refused)).isZero();
        } finally {
            try (Connection admin = TestDatabases.connect(RechargeDb.DATABASE);
                    Statement sql = admin.createStatement()) {
                sql.execute("DROP TRIGGER IF EXISTS refuse_amount ON recharge");
            }
        }
    }

    @Test
    void outcomesArrivingDuringAStatementAreCommittedTogetherEachWithItsOutboxRow() throws Exception {
        String accountNo = RechargeRequests.freshAccount("GC");
        List<UUID> txNos = new ArrayList<>();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try (Connection lock = TestDatabases.connect(RechargeDb.DATABASE);
                Connection admin = TestDatabases.connect(RechargeDb.DATABASE)) {
            // Outcomes are written with their outbox rows: while the test holds the outbox, they wait.
            lock.setAutoCommit(false);
            try (Statement sql = lock.createStatement()) {
                sql.execute("LOCK TABLE outbox IN SHARE MODE");
            }
            for (int i = 0; i < 11; i++) {
                UUID txNo = UUID.randomUUID();
                txNos.add(txNo);
                answers.add(post(txNo, accountNo, "4.00"));
            }
            // One statement runs (and waits); the other ten wait for it.
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric("recharge_writes_waiting", "completion") == 10);

            lock.rollback();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.get()).isEqualTo(201));
            assertThat(metric("recharge_writes_batch_size_max", "completion")).isGreaterThanOrEqualTo(10);
            for (UUID txNo : txNos) {
                assertThat(count(admin, "SELECT count(*) FROM recharge WHERE tx_no = ? AND status = 'SUCCEEDED'",
                        txNo)).as("recharge %s", txNo).isEqualTo(1);
                assertThat(count(admin, "SELECT count(*) FROM outbox WHERE tx_no = ?", txNo))
                        .as("outbox rows of %s", txNo).isEqualTo(1);
            }
        }
    }

    private static CompletableFuture<Integer> post(UUID txNo, String accountNo, String amount) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body("""
                        {"txNo":"%s","accountNo":"%s","amount":"%s","currency":"CNY"}""".formatted(txNo, accountNo,
                        amount))
                .post("/recharges").statusCode(), CLIENTS);
    }

    private static void refuseAmount(Connection db, String amount) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("""
                    CREATE OR REPLACE FUNCTION refuse_amount() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.amount = %s THEN
                            RAISE EXCEPTION 'amount %s refused by the test';
                        END IF;
                        RETURN NEW;
                    END $$""".formatted(amount, amount));
            sql.execute("DROP TRIGGER IF EXISTS refuse_amount ON recharge");
            sql.execute("CREATE TRIGGER refuse_amount BEFORE INSERT ON recharge FOR EACH ROW "
                    + "EXECUTE FUNCTION refuse_amount()");
        }
    }

    private static long insertsWaitingForALock(Connection db) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                          AND query LIKE '%INSERT INTO recharge%'""")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long count(Connection db, String query, UUID txNo) throws SQLException {
        try (PreparedStatement sql = db.prepareStatement(query)) {
            sql.setObject(1, txNo);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The pending-row writer's value of a metric, from the Prometheus scrape. */
    private static double metric(String name) {
        return metric(name, "pending");
    }

    /** One writer's value of a metric, from the Prometheus scrape. */
    private static double metric(String name, String write) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*write=\"" + write + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }
}
