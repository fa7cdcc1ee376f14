package io.rechargenotify.account.reconcile;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * account-service against {@link FakeRechargeService} with a clock the test moves ({@link MutableClock}): a short
 * run lease, calls to the fake that wait as long as the test holds them, and no retries or circuit breaker on the
 * listing, so a failed window fails at once and a later one is not refused by an open breaker.
 */
public class FakeSourceProfile implements QuarkusTestProfile {

    static final String LEASE = "2s";
    static final String CATCH_UP = "P3D";

    private static final String GATEWAY = "quarkus.fault-tolerance.\"io.rechargenotify.account.rechargeapi."
            + "RechargeGateway/";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "account.reconciliation.window.lease", LEASE,
                "account.reconciliation.window.catch-up", CATCH_UP,
                GATEWAY + "find\".timeout.value", "60000",
                GATEWAY + "completed\".retry.max-retries", "0",
                GATEWAY + "completed\".circuit-breaker.enabled", "false");
    }
}
