package io.rechargenotify.account;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct access to the account test database, the way an operator (or another transaction) would touch it. */
final class AccountDb {

    static final String DATABASE = "account_test";

    private AccountDb() {
    }

    /**
     * Takes the database away from the service, as an outage would: new connections are refused and the service's
     * open ones are cut. {@link #endOutage()} brings it back.
     */
    static void startOutage() throws SQLException {
        try (Connection admin = TestDatabases.connect("postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE
                    + "' AND pid <> pg_backend_pid()");
        }
    }

    static void endOutage() throws SQLException {
        try (Connection admin = TestDatabases.connect("postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
        }
    }

    /**
     * Holds the account's row lock in an open transaction until the returned connection is closed (rolled back),
     * so every ledger transaction crediting that account fails with a lock timeout meanwhile.
     */
    static Connection lockAccount(String accountNo) throws SQLException {
        Connection db = TestDatabases.connect(DATABASE);
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement(
                "SELECT 1 FROM account WHERE account_no = ? FOR UPDATE")) {
            lock.setString(1, accountNo);
            lock.executeQuery().close();
        }
        return db;
    }
}
