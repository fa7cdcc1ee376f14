package io.rechargenotify.account.rechargeapi;

import org.eclipse.microprofile.config.ConfigProvider;

/** The Authorization header of every call to recharge-service: account-service's service token, if configured. */
public final class ServiceToken {

    private ServiceToken() {
    }

    /** {@code Bearer <token>}, or null (no header) when {@code account.recharge-api.token} is not set. */
    public static String header() {
        return ConfigProvider.getConfig().getOptionalValue("account.recharge-api.token", String.class)
                .map(token -> "Bearer " + token).orElse(null);
    }
}
