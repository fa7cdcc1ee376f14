package io.rechargenotify.shared.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The local Postgres server the tests use (env {@code DB_HOST}, {@code DB_PORT}, {@code DB_USER}, {@code DB_PASSWORD},
 * the same variables the services read), and the test databases on it.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static String host() {
        return env("DB_HOST", "127.0.0.1");
    }

    public static String port() {
        return env("DB_PORT", "5432");
    }

    public static String user() {
        return env("DB_USER", "recharge_notify");
    }

    public static String password() {
        return env("DB_PASSWORD", "recharge_notify");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), password());
    }

    /** Creates the database if it does not exist yet (the test role needs CREATEDB; .ci/run grants it). */
    public static synchronized void ensureExists(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection admin = connect("postgres");
                PreparedStatement exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = admin.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another test JVM
            }
            throw new IllegalStateException("Cannot reach or prepare Postgres at " + host() + ":" + port()
                    + " as " + user() + " (start it with .ci/run or bin/run-local): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The number of rows of each table, to show that something (a bad request, say) changed nothing. */
    public static java.util.Map<String, Long> rowCounts(String database, String... tables) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection db = connect(database); java.sql.Statement sql = db.createStatement()) {
            for (String table : tables) {
                try (java.sql.ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count rows in " + database, e);
        }
        return counts;
    }
}
