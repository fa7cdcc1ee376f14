package io.rechargenotify.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * account-service killed with {@code kill -9} while results wait in a retry topic: after the restart every result is
 * credited, none twice. The waiting records were never committed, so they are consumed again.
 */
class RetryCrashIT {

    private static final int ACCOUNTS = 20;
    private static final int PER_ACCOUNT = 5;

    private static ServiceProcess accountService;

    @BeforeAll
    static void start() {
        Map<String, String> env = new HashMap<>(SystemEnv.forDatabase(SystemEnv.ACCOUNT_DB));
        env.put("ACCOUNT_RETRY_LADDER", "15s,16s");
        env.put("ACCOUNT_LEDGER_LOCK_TIMEOUT", "100ms");
        accountService = ServiceProcess.start("account-service", "account-service-crash", env);
    }

    @AfterAll
    static void stop() {
        ServiceProcess.closeAll(accountService);
    }

    @Test
    void killedWhileRetriesWaitThenEveryResultIsCreditedOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String accountNo = "CRASH-" + run + "-" + i;
            given().baseUri(accountService.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"accountNo\":\"%s\",\"owner\":\"Crash\",\"currency\":\"CNY\"}".formatted(accountNo))
                    .post("/accounts").then().statusCode(201);
            accounts.add(accountNo);
        }
        List<RechargeResultEvent> events = new ArrayList<>();
        try (Connection locks = lockAccounts(accounts)) {
            for (int i = 0; i < ACCOUNTS * PER_ACCOUNT; i++) {
                RechargeResultEvent event = RechargeResultEvent.of(RechargeEventType.RechargeSucceeded,
                        UUID.randomUUID(), accounts.get(i % ACCOUNTS), new BigDecimal("3.00"), "CNY", Instant.now());
                TopicProbe.publish(Topics.RECHARGE_RESULTS, event.key(), EventCodec.encode(event));
                events.add(event);
            }
            Set<String> txNos = events.stream().map(e -> e.txNo().toString()).collect(Collectors.toSet());
            // Every result failed once (its account row is locked) and now waits in the first retry topic.
            TopicProbe.awaitRecords("recharge-results.retry-15s",
                    record -> txNos.stream().anyMatch(record.value()::contains), events.size(), Duration.ofSeconds(60));
            accountService.kill();
            locks.rollback();
        }
        accountService.restart();

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> creditedCount(accounts) == events.size());
        for (String accountNo : accounts) {
            BigDecimal balance = new BigDecimal(given().baseUri(accountService.baseUrl())
                    .get("/accounts/" + accountNo).then().statusCode(200).extract().<String>path("balance"));
            assertThat(balance).as("balance of %s", accountNo).isEqualByComparingTo("15.00");
        }
        assertThat(given().baseUri(accountService.baseUrl()).queryParam("accountNo", accounts.get(0))
                .get("/dead-letters").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
    }

    private static Connection lockAccounts(List<String> accounts) throws SQLException {
        Connection db = TestDatabases.connect(SystemEnv.ACCOUNT_DB);
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement(
                "SELECT 1 FROM account WHERE account_no = ANY(?) FOR UPDATE")) {
            lock.setArray(1, db.createArrayOf("varchar", accounts.toArray()));
            lock.executeQuery().close();
        }
        return db;
    }

    private static int creditedCount(List<String> accounts) throws SQLException {
        try (Connection db = TestDatabases.connect(SystemEnv.ACCOUNT_DB);
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM ledger_entry WHERE account_no = ANY(?)")) {
            query.setArray(1, db.createArrayOf("varchar", accounts.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
