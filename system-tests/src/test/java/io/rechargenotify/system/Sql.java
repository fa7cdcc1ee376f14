package io.rechargenotify.system;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC on a system-test database: what an operator (or a fault) does to it behind the services' backs. */
public final class Sql {

    private Sql() {
    }

    public static int execute(String database, String sql, Object... params) {
        try (Connection db = TestDatabases.connect(database); PreparedStatement statement = prepare(db, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row. */
    public static List<String> column(String database, String sql, Object... params) {
        try (Connection db = TestDatabases.connect(database); PreparedStatement statement = prepare(db, sql, params);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Drops the database (ending its sessions) and creates it empty: each scenario starts from nothing. */
    public static void recreate(String database) {
        try (Connection admin = TestDatabases.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + database, e);
        }
        TestDatabases.ensureExists(database);
    }

    public static long count(String database, String sql, Object... params) {
        return Long.parseLong(column(database, sql, params).get(0));
    }

    /**
     * Holds the account's row lock (in account-service's database) until the returned connection rolls back or closes:
     * every ledger transaction on that account waits for it, and times out.
     */
    public static Connection lockAccount(String database, String accountNo) throws SQLException {
        Connection db = TestDatabases.connect(database);
        db.setAutoCommit(false);
        try (PreparedStatement lock = db.prepareStatement("SELECT 1 FROM account WHERE account_no = ? FOR UPDATE")) {
            lock.setString(1, accountNo);
            lock.executeQuery().close();
        }
        return db;
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... params) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
