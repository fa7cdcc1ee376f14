package io.rechargenotify.account.rechargeapi;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.rechargenotify.servicetoken.ServiceToken;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * account-service's service token for recharge-service, as {@link RechargeApi} sends it: from
 * {@code account.recharge-api.token-file} (read again whenever the file changes), else
 * {@code account.recharge-api.token}. Its iat and exp are gauges (alert ServiceTokenExpiring).
 */
@Singleton
public class RechargeServiceToken {

    private static final ServiceToken TOKEN = new ServiceToken("recharge-service", "account.recharge-api");

    public static String header() {
        return TOKEN.header();
    }

    void exposeTimes(@Observes StartupEvent start, MeterRegistry registry) {
        TOKEN.exposeTo(registry);
    }
}
