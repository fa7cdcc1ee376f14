package io.rechargenotify.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every tunable of account-service, under {@code account.*}. */
@ConfigMapping(prefix = "account")
public interface AccountConfig {

    Retry retry();

    Ledger ledger();

    interface Retry {
        /** The delays between attempts, one retry topic per step, then the dead-letter topic. */
        @WithDefault(io.rechargenotify.shared.event.RetryLadder.DEFAULT)
        String ladder();

        /** Records fetched per poll of the retry topics; small, since a paused partition's records are dropped. */
        @WithDefault("20")
        int maxPollRecords();

        /** How long one attempt at applying a result may take before it counts as a transient failure. */
        @WithDefault("30s")
        Duration attemptTimeout();
    }

    interface Ledger {
        /** How long a ledger transaction waits for a row lock before failing (then retried later). */
        @WithDefault("5s")
        Duration lockTimeout();
    }
}
