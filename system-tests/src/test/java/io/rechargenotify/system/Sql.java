package io.rechargenotify.system;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    public static long count(String database, String sql, Object... params) {
        return Long.parseLong(column(database, sql, params).get(0));
    }

    private static PreparedStatement prepare(Connection db, String sql, Object... params) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }
}
