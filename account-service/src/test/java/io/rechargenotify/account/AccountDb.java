package io.rechargenotify.account;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Direct access to the account test database, the way an operator (or another transaction) would touch it. */
final class AccountDb {

    static final String DATABASE = "account_test";

    private AccountDb() {
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
