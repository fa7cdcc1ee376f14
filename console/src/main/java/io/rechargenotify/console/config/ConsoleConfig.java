package io.rechargenotify.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of the console: where the three APIs are, what counts as stuck, how long a page is. */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /** Rows on one page of a list. */
    @WithDefault("50")
    int pageSize();

    /** recharge-service's API: the console's token for it (the URL is quarkus.rest-client.recharge-api.url). */
    Api rechargeApi();

    Api accountApi();

    Api callbackApi();

    Stuck stuck();

    LocalSignIn localSignIn();

    /**
     * One service's API as the console calls it (services.ServiceTokens sends the token). The token's audience is that
     * service only; its roles are ops:read, ops:write and ops:delegate. Without one, the service answers 401 and the
     * page shows that problem.
     */
    interface Api {
        /**
         * A file holding the token, read again whenever it changes (a mounted Secret: the services refuse a token
         * older than their JWT_MAX_TOKEN_AGE, a day); used before {@link #token()}.
         */
        Optional<String> tokenFile();

        /** The token itself, read at start. */
        Optional<String> token();
    }

    /** When a PENDING recharge is shown as stuck (the alerts' thresholds: 15 min and 30 min). */
    interface Stuck {
        /** recharge-service: the payment channel has not answered for this long. */
        @WithDefault("15m")
        Duration rechargeAfter();

        /** account-service: a recharge it started has had no final answer for this long. */
        @WithDefault("30m")
        Duration accountAfter();
    }

    /** Sign-in from files, for bin/run-local and the tests only (profile {@code local}); production uses OIDC. */
    interface LocalSignIn {
        /** Lines {@code name=HEX(MD5("name:recharge-notify:password"))}. */
        Optional<String> usersFile();

        /** Lines {@code name=ops:read,ops:write}. */
        Optional<String> rolesFile();
    }
}
