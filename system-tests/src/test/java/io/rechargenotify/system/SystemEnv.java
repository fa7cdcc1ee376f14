package io.rechargenotify.system;

import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.shared.testing.TestTokens;
import java.util.HashMap;
import java.util.Map;

/** The environment a packaged service gets in the system tests: the test Postgres and the test broker. */
public final class SystemEnv {

    static final String RECHARGE_DB = "recharge_system_test";
    static final String ACCOUNT_DB = "account_system_test";

    static {
        // The test JVM holds the signing key; the services get only the public half, as in production.
        TestTokens.authorizeAllCalls();
    }

    private SystemEnv() {
    }

    public static Map<String, String> forDatabase(String database) {
        TestDatabases.ensureExists(database);
        return Map.of(
                "DB_HOST", TestDatabases.host(),
                "DB_PORT", TestDatabases.port(),
                "DB_USER", TestDatabases.user(),
                "DB_PASSWORD", TestDatabases.password(),
                "DB_NAME", database,
                "KAFKA_BOOTSTRAP_SERVERS", TestKafka.bootstrapServers(),
                "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey(),
                // recharge-service pays through the simulated channel, refused in the packaged (prod) service unless
                // allowed; SimulatedChannelRefusedIT checks the refusal.
                "RECHARGE_CHANNEL_ALLOW_SIMULATED", "true",
                // account-service's service token for recharge-service
                "RECHARGE_API_TOKEN", TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ));
    }

    /**
     * account-service calling this recharge-service and reconciling within seconds: PENDING after 1 s, checked every
     * second, asked again after 1–2 s, resubmitted when unknown for 2 s. A mutable copy, for further settings.
     */
    static Map<String, String> reconcilingWithin(ServiceProcess rechargeService) {
        return reconcilingWithin(rechargeService, ACCOUNT_DB);
    }

    /** The same, for account-service on another database. */
    public static Map<String, String> reconcilingWithin(ServiceProcess rechargeService, String database) {
        Map<String, String> env = new HashMap<>(forDatabase(database));
        env.put("RECHARGE_API_URL", rechargeService.baseUrl());
        env.put("ACCOUNT_RECONCILIATION_PENDING_AFTER", "1s");
        env.put("ACCOUNT_RECONCILIATION_PENDING_INTERVAL", "1s");
        env.put("ACCOUNT_RECONCILIATION_PENDING_RECHECK", "1s");
        env.put("ACCOUNT_RECONCILIATION_PENDING_RECHECK_MAX", "2s");
        env.put("ACCOUNT_RECONCILIATION_PENDING_NOT_FOUND_GRACE", "2s");
        return env;
    }
}
