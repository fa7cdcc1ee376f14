package io.rechargenotify.console.services;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.rechargenotify.servicetoken.ServiceToken;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The console's service token for each API, as the REST clients send it: from {@code console.<api>.token-file} (a
 * mounted Secret, read again whenever it changes – the services refuse a token older than a day), else
 * {@code console.<api>.token}. Without either, no header: the service answers 401 and the page shows that problem.
 * Their iat and exp are gauges (alert ServiceTokenExpiring).
 */
@Singleton
public class ServiceTokens {

    static final String RECHARGE = "{io.rechargenotify.console.services.ServiceTokens.recharge}";
    static final String ACCOUNT = "{io.rechargenotify.console.services.ServiceTokens.account}";
    static final String CALLBACK = "{io.rechargenotify.console.services.ServiceTokens.callback}";

    private static final ServiceToken rechargeToken = new ServiceToken(RechargeApi.SERVICE, "console.recharge-api");
    private static final ServiceToken accountToken = new ServiceToken(AccountApi.SERVICE, "console.account-api");
    private static final ServiceToken callbackToken = new ServiceToken(CallbackApi.SERVICE, "console.callback-api");

    public static String recharge() {
        return rechargeToken.header();
    }

    public static String account() {
        return accountToken.header();
    }

    public static String callback() {
        return callbackToken.header();
    }

    void exposeTimes(@Observes StartupEvent start, MeterRegistry registry) {
        rechargeToken.exposeTo(registry);
        accountToken.exposeTo(registry);
        callbackToken.exposeTo(registry);
    }
}
