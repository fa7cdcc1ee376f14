package io.rechargenotify.recharge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every tunable of recharge-service, under {@code recharge.*}. */
@ConfigMapping(prefix = "recharge")
public interface RechargeConfig {

    Channel channel();

    Relay relay();

    interface Channel {
        /** How long the simulated payment channel takes to answer. */
        @WithDefault("0s")
        Duration latency();
    }

    interface Relay {
        /** How often the relay looks for unpublished outbox rows (the scheduler's resolution is one second). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Outbox rows claimed and published per transaction. */
        @WithDefault("200")
        int batchSize();
    }
}
