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
    /** Callbacks to merchants, administered (callback-service, where it runs). */
    public static final String CALLBACK_ADMIN = "callback:admin";
    /** Look at operations: list and inspect dead letters and reconciliation runs. Never moves money. */
    public static final String OPS_READ = "ops:read";
    /** Operate: replay dead letters, start reconciliation runs – actions that may move money, recorded with who. */
    public static final String OPS_WRITE = "ops:write";
    /**
     * Act for a signed-in operator: held only by the operators' console's service token, it lets the caller name the
     * operator it acts for in the {@link Caller#OPERATOR_HEADER} header, recorded as {@code <operator> via <subject>}
     * on every operator action. Opens no call by itself: the token still needs {@link #OPS_READ} or
     * {@link #OPS_WRITE} for what it does.
     */
    public static final String OPS_DELEGATE = "ops:delegate";

    /** The issuer both services accept unless configured otherwise ({@code mp.jwt.verify.issuer}). */
    public static final String DEFAULT_ISSUER = "recharge-notify";

    /** The audience recharge-service accepts unless configured otherwise ({@code mp.jwt.verify.audiences}). */
    public static final String RECHARGE_AUDIENCE = "recharge-service";
    /** The audience account-service accepts unless configured otherwise ({@code mp.jwt.verify.audiences}). */
    public static final String ACCOUNT_AUDIENCE = "account-service";
    /** The audience callback-service accepts unless configured otherwise ({@code mp.jwt.verify.audiences}). */
    public static final String CALLBACK_AUDIENCE = "callback-service";

    private Roles() {
    }
}
