package io.rechargenotify.account.rechargeapi;

import io.rechargenotify.servicetoken.ServiceToken;

/**
 * account-service's service token for recharge-service, as {@link RechargeApi} sends it: from
 * {@code account.recharge-api.token-file} (read again whenever the file changes), else
 * {@code account.recharge-api.token}.
 */
public final class RechargeServiceToken {

    private static final ServiceToken TOKEN = new ServiceToken("recharge-service", "account.recharge-api");

    private RechargeServiceToken() {
    }

    public static String header() {
        return TOKEN.header();
    }
}
