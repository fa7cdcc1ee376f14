package io.rechargenotify.shared.security;

/**
 * The roles of both APIs, carried in the bearer token's {@code groups} claim. Health, metrics and OpenAPI under
 * {@code /q} need none, so probes and scrapers work without business access.
 */
public final class Roles {

    /** Take recharges (recharge-service). account-service's service token has it. */
    public static final String RECHARGE_WRITE = "recharge:write";
    /** Read recharges and list them for reconciliation (recharge-service). account-service's service token has it. */
    public static final String RECHARGE_READ = "recharge:read";
    /** Open accounts, start recharges and ask about them (account-service). */
    public static final String ACCOUNT_WRITE = "account:write";
    /** Read accounts, ledgers and recharges started there (account-service). */
    public static final String ACCOUNT_READ = "account:read";
    /** Operate: reconciliations and dead letters (account-service). */
    public static final String ADMIN = "admin";

    /** The issuer both services accept unless configured otherwise ({@code mp.jwt.verify.issuer}). */
    public static final String DEFAULT_ISSUER = "recharge-notify";

    private Roles() {
    }
}
