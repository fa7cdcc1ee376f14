package io.rechargenotify.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker on real databases with the services' own schemas (their Flyway migrations, applied in order). */
class InvariantCheckerTest {

    private static final String RECHARGE_DB = "tools_recharge_test";
    private static final String ACCOUNT_DB = "tools_account_test";
    private static final String CALLBACK_DB = "tools_callback_test";
    private static final UUID ENDPOINT = UUID.randomUUID();

    @BeforeEach
    void freshDatabases() throws Exception {
        recreate(RECHARGE_DB, "recharge-service");
        recreate(ACCOUNT_DB, "account-service");
        recreate(CALLBACK_DB, "callback-service");
        sql(CALLBACK_DB, "INSERT INTO endpoint (id, url, secret, created_at, updated_at) VALUES ('" + ENDPOINT
                + "', 'https://receiver.example/notify', 'whsec_x', now(), now())");
        sql(ACCOUNT_DB, """
                INSERT INTO account (account_no, owner, currency, balance, created_at, updated_at)
                VALUES ('ACC-1', 'A', 'CNY', 30.00, now(), now()), ('ACC-2', 'B', 'CNY', 0, now(), now())""");
    }

    @Test
    void consistentDatabasesHaveNoDiscrepancy() throws Exception {
        succeededAndCredited(UUID.randomUUID(), "ACC-1", "10.00");
        succeededAndCredited(UUID.randomUUID(), "ACC-1", "20.00");
        recharge(UUID.randomUUID(), "STRANGER-1", "5.00", "SUCCEEDED"); // an account this side does not know
        UUID failed = UUID.randomUUID();
        recharge(failed, "ACC-2", "5.00", "FAILED");
        accountRecharge(failed, "ACC-2", "5.00", "FAILED");
        delivery(failed, "ACC-2");
        UUID stranger = UUID.randomUUID();
        recharge(stranger, "STRANGER-2", "6.00", "SUCCEEDED");
        delivery(stranger, "STRANGER-2");

        assertThat(check()).isEmpty();
    }

    @Test
    void everyBrokenInvariantIsReported() throws Exception {
        UUID lost = UUID.randomUUID();
        UUID creditedButFailed = UUID.randomUUID();
        UUID orphan = UUID.randomUUID();
        UUID wrongAmount = UUID.randomUUID();
        succeededAndCredited(UUID.randomUUID(), "ACC-1", "30.00");
        recharge(lost, "ACC-1", "7.00", "SUCCEEDED");
        recharge(creditedButFailed, "ACC-2", "3.00", "FAILED");
        credit(creditedButFailed, "ACC-2", "3.00");
        credit(orphan, "ACC-2", "4.00");
        recharge(wrongAmount, "ACC-2", "9.00", "SUCCEEDED");
        credit(wrongAmount, "ACC-2", "90.00");
        // ACC-2's balance (0) does not match its ledger (97.00)
        UUID falselyFailed = UUID.randomUUID();
        recharge(falselyFailed, "ACC-1", "2.00", "PENDING");
        accountRecharge(falselyFailed, "ACC-1", "2.00", "FAILED");
        UUID rejected = UUID.randomUUID(); // refused by recharge-service, so never recorded there: truly failed
        accountRecharge(rejected, "ACC-1", "2.00", "FAILED");
        UUID invented = UUID.randomUUID();
        delivery(invented, "ACC-1");
        delivery(falselyFailed, "ACC-1"); // still PENDING at the source: nothing to tell a receiver yet
        UUID otherAccount = UUID.randomUUID();
        recharge(otherAccount, "ACC-1", "1.00", "SUCCEEDED");
        credit(otherAccount, "ACC-1", "1.00");
        sql(ACCOUNT_DB, "UPDATE account SET balance = balance + 1.00 WHERE account_no = 'ACC-1'");
        delivery(otherAccount, "ACC-2");

        List<String> found = check();

        assertThat(found).hasSize(9)
                .anyMatch(d -> d.contains("txNo " + invented + " unknown to recharge-service"))
                .anyMatch(d -> d.contains("txNo " + falselyFailed + " PENDING at recharge-service"))
                .anyMatch(d -> d.contains("txNo " + otherAccount + " for ACC-2, source says ACC-1")).anyMatch(d -> d.contains(lost + " SUCCEEDED") && d.contains("not credited"))
                .anyMatch(d -> d.contains(creditedButFailed + " credited but FAILED"))
                .anyMatch(d -> d.contains(orphan + " credited but unknown to recharge-service"))
                .anyMatch(d -> d.contains(wrongAmount + " credited 90.00"))
                .anyMatch(d -> d.startsWith("balance ACC-2"))
                .anyMatch(d -> d.equals("account recharge " + falselyFailed + " FAILED but PENDING at recharge-service"));
    }

    private static List<String> check() throws SQLException {
        try (Connection recharge = TestDatabases.connect(RECHARGE_DB);
                Connection account = TestDatabases.connect(ACCOUNT_DB);
                Connection callback = TestDatabases.connect(CALLBACK_DB)) {
            return new InvariantChecker(recharge, account, callback).check(Instant.now().plusSeconds(1));
        }
    }

    private static void succeededAndCredited(UUID txNo, String accountNo, String amount) throws SQLException {
        recharge(txNo, accountNo, amount, "SUCCEEDED");
        credit(txNo, accountNo, amount);
    }

    private static void recharge(UUID txNo, String accountNo, String amount, String status) throws SQLException {
        sql(RECHARGE_DB, "INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at, completed_at) "
                + "VALUES ('" + txNo + "', '" + accountNo + "', " + amount + ", 'CNY', '" + status + "', now(), "
                + (status.equals("PENDING") ? "NULL" : "now()") + ")");
    }

    private static void accountRecharge(UUID txNo, String accountNo, String amount, String status)
            throws SQLException {
        sql(ACCOUNT_DB, "INSERT INTO account_recharge (tx_no, account_no, amount, currency, status, created_at, "
                + "resolved_at, next_check_at) VALUES ('" + txNo + "', '" + accountNo + "', " + amount + ", 'CNY', '"
                + status + "', now(), now(), now())");
    }

    private static void delivery(UUID txNo, String accountNo) throws SQLException {
        sql(CALLBACK_DB, "INSERT INTO delivery (id, endpoint_id, event_id, tx_no, event_type, account_no, payload, "
                + "status, next_attempt_at, created_at) VALUES ('" + UUID.randomUUID() + "', '" + ENDPOINT + "', '"
                + UUID.randomUUID() + "', '" + txNo + "', 'RechargeSucceeded', '" + accountNo + "', '{}', 'PENDING', "
                + "now(), now())");
    }

    private static void credit(UUID txNo, String accountNo, String amount) throws SQLException {
        sql(ACCOUNT_DB, "INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, "
                + "created_at) VALUES ('" + accountNo + "', '" + txNo + "', " + amount + ", 'CNY', 'notification', "
                + "now(), now())");
    }

    private static void recreate(String database, String service) throws SQLException, IOException {
        try (Connection admin = TestDatabases.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        TestDatabases.ensureExists(database);
        Path migrations = Path.of(System.getProperty("project.root", ".."), service,
                "src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".sql")).sorted().toList()) {
                if (Files.exists(Path.of(file + ".conf"))) {
                    // a migration Flyway runs outside a transaction (CREATE INDEX CONCURRENTLY): one statement at a
                    // time, as it does; such files are plain statements, no function bodies
                    for (String statement : withoutComments(Files.readString(file)).split(";")) {
                        if (!statement.isBlank()) {
                            sql(database, statement);
                        }
                    }
                } else {
                    sql(database, Files.readString(file));
                }
            }
        }
    }

    private static String withoutComments(String migration) {
        return migration.lines().filter(line -> !line.strip().startsWith("--"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static void sql(String database, String statements) throws SQLException {
        try (Connection db = TestDatabases.connect(database); Statement sql = db.createStatement()) {
            sql.execute(statements);
        }
    }
}
