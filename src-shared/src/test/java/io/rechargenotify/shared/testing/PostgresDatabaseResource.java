package io.rechargenotify.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at its own database on the real local Postgres, created if missing.
 * Init argument {@code database}: the database name, e.g. {@code account_test}.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "recharge_notify_test");
    }

    @Override
    public Map<String, String> start() {
        TestDatabases.ensureExists(database);
        return Map.of(
                "quarkus.datasource.username", TestDatabases.user(),
                "quarkus.datasource.password", TestDatabases.password(),
                "quarkus.datasource.jdbc.url", TestDatabases.jdbcUrl(database),
                "quarkus.datasource.reactive.url",
                "postgresql://" + TestDatabases.host() + ":" + TestDatabases.port() + "/" + database);
    }

    @Override
    public void stop() {
        // The database stays: each test owns its rows (fresh txNos and account numbers), not the database.
    }
}
