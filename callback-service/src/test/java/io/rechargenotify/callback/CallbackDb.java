package io.rechargenotify.callback;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The tests' database and plain JDBC reads of it, as an operator would look. */
public final class CallbackDb {

    public static final String DATABASE = "callback_test";

    private CallbackDb() {
    }

    public static long count(String sql, Object... parameters) {
        return strings("SELECT (" + sql + ")::text", parameters).stream().findFirst().map(Long::parseLong)
                .orElseThrow();
    }

    public static List<String> strings(String sql, Object... parameters) {
        try (Connection connection = TestDatabases.connect(DATABASE);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
