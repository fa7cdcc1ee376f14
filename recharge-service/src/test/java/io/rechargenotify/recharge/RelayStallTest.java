package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A relay whose database calls hang: it gives them up in bounded time, shows the stall, and recovers. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class RelayStallTest {

    /** Outbox.SHARD_LOCK_SPACE: the advisory-lock namespace of the relay's shards. */
    private static final int SHARD_LOCK_SPACE = 0x52454C59;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "recharge.relay.shards")
    int shards;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void relayGivesUpHungStatementsReportsTheStallAndPublishesOnceTheLockIsReleased() throws SQLException {
        String account = freshAccount("STALL");
        List<UUID> txNos;
        try (Connection shardHolder = TestDatabases.connect(RechargeDb.DATABASE);
                Connection tableHolder = TestDatabases.connect(RechargeDb.DATABASE)) {
            // Keep the relay off every shard while the results are recorded, so they are committed but unpublished.
            execute(shardHolder, "SELECT pg_advisory_lock(" + SHARD_LOCK_SPACE + ", s) FROM generate_series(0, "
                    + (shards - 1) + ") s");
            txNos = List.of(RechargeRequests.post(account, "1.00"), RechargeRequests.post(account, "2.00"),
                    RechargeRequests.post(account, "3.00"));
            // Then hold a lock the relay's claim must wait for, and let the relay at the shards again.
            tableHolder.setAutoCommit(false);
            execute(tableHolder, "LOCK TABLE outbox IN EXCLUSIVE MODE");
            execute(shardHolder, "SELECT pg_advisory_unlock_all()");

            Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/live")
                    .then().statusCode(503));
            assertThat(relayCheckStatus()).isEqualTo("DOWN");
            // Bounded: while the lock stays, no statement of the relay waits for it longer than its time limit.
            Awaitility.await().during(Duration.ofSeconds(8)).atMost(TIMEOUT)
                    .until(() -> longestOutboxLockWait() < 6);
            assertThat(RechargeDb.published(txNos)).isZero();
            assertThat(metrics()).containsPattern("outbox_relay_hung_passes_total(\\{[^}]*})? [1-9]")
                    .contains("outbox_relay_last_pass_age_seconds");

            tableHolder.rollback();
        }

        Awaitility.await().atMost(TIMEOUT).until(() -> RechargeDb.published(txNos) == 3);
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/live")
                .then().statusCode(200));
        assertThat(relayCheckStatus()).isEqualTo("UP");
    }

    private static String relayCheckStatus() {
        return given().get("/q/health/live").then().extract()
                .path("checks.find { it.name == 'outbox-relay' }.status");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Seconds the longest-waiting statement on the outbox has been waiting for a lock, 0 if none waits. */
    private static double longestOutboxLockWait() throws SQLException {
        try (Connection db = TestDatabases.connect(RechargeDb.DATABASE);
                PreparedStatement query = db.prepareStatement("""
                        SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid()
                          AND wait_event_type = 'Lock' AND query ILIKE '%outbox%'""");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getDouble(1);
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
