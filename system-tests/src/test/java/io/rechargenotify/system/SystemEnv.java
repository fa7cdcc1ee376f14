package io.rechargenotify.system;

import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.shared.testing.TestTokens;
import java.util.Map;

/** The environment a packaged service gets in the system tests: the test Postgres and the test broker. */
final class SystemEnv {

    static final String RECHARGE_DB = "recharge_system_test";
    static final String ACCOUNT_DB = "account_system_test";

    static {
        // The test JVM holds the signing key; the services get only the public half, as in production.
        TestTokens.authorizeAllCalls();
    }

    private SystemEnv() {
    }

    static Map<String, String> forDatabase(String database) {
        TestDatabases.ensureExists(database);
        return Map.of(
                "DB_HOST", TestDatabases.host(),
                "DB_PORT", TestDatabases.port(),
                "DB_USER", TestDatabases.user(),
                "DB_PASSWORD", TestDatabases.password(),
                "DB_NAME", database,
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey(),
                // account-service's service token for recharge-service
                "RECHARGE_API_TOKEN", TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ));
    }
}
