package io.rechargenotify.system;

import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestEventKeys;
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
        return forDatabase(database, TestKafka.bootstrapServers());
    }

    /** The same, on another broker than this JVM's test broker. */
    public static Map<String, String> forDatabase(String database, String kafkaBootstrapServers) {
        TestDatabases.ensureExists(database);
        return Map.ofEntries(
                Map.entry("DB_HOST", TestDatabases.host()),
                Map.entry("DB_PORT", TestDatabases.port()),
                Map.entry("DB_USER", TestDatabases.user()),
                Map.entry("DB_PASSWORD", TestDatabases.password()),
                Map.entry("DB_NAME", database),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers),
                Map.entry("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey()),
                // recharge-service pays through the simulated channel, refused in the packaged (prod) service unless
                // allowed; SimulatedChannelRefusedIT checks the refusal.
                Map.entry("RECHARGE_CHANNEL_ALLOW_SIMULATED", "true"),
                // account-service's service token: for recharge-service only, as bin/run-local makes it
                Map.entry("RECHARGE_API_TOKEN", TestTokens.token().roles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ)
                        .audience(Roles.RECHARGE_AUDIENCE).subject("account-service").sign()),
                // recharge-service signs with the test key, account-service verifies with it (and the tests'
                // TopicProbe.publish signs as recharge-service would)
                Map.entry("EVENT_SIGNING_KEY_ID", TestEventKeys.KEY_ID),
                Map.entry("EVENT_SIGNING_KEY", TestEventKeys.SECRET),
                Map.entry("EVENT_VERIFICATION_KEYS", TestEventKeys.KEY_ID + ":" + TestEventKeys.SECRET));
    }

    /**
     * The same environment with tracing on (it is off unless configured): every span exported at once (sampler ratio
     * 1.0, the default), over OTLP/HTTP with protobuf bodies to {@code otlpEndpoint} (the exporter posts to
     * {@code <otlpEndpoint>/v1/traces}), in batches sent every 200 ms instead of every 5 s. A mutable copy.
     */
    public static Map<String, String> withTracing(Map<String, String> env, String otlpEndpoint) {
        Map<String, String> traced = new HashMap<>(env);
        traced.put("QUARKUS_OTEL_SDK_DISABLED", "false");
        traced.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", otlpEndpoint);
        traced.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        traced.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        return traced;
    }

    /**
     * account-service calling this recharge-service and reconciling within seconds: PENDING after 1 s, checked every
     * second, asked again after 1–2 s, resubmitted when unknown for 2 s; no scheduled window runs, which would hold
     * the lease at a quarter-hour and refuse a test's own run with 409. A mutable copy, for further settings.
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
        env.put("ACCOUNT_RECONCILIATION_WINDOW_CRON", "off");
        return env;
    }
}
