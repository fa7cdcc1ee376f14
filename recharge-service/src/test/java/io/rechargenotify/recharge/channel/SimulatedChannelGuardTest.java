package io.rechargenotify.recharge.channel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated channel refuses to start unless explicitly allowed, read through the real config mapping and its
 * defaults (the packaged jar's check is SimulatedChannelRefusedIT in system-tests).
 */
class SimulatedChannelGuardTest {

    @Test
    void refusesToStartWhenNotAllowed() {
        SimulatedPaymentChannel channel = new SimulatedPaymentChannel(config(Map.of()));
        assertThatThrownBy(() -> channel.refuseUnlessAllowed(null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("recharge.channel.allow-simulated=true")
                .hasMessageContaining("RECHARGE_CHANNEL_ALLOW_SIMULATED=true");
    }

    @Test
    void startsWhenExplicitlyAllowed() {
        SimulatedPaymentChannel channel = new SimulatedPaymentChannel(
                config(Map.of("recharge.channel.allow-simulated", "true")));
        assertThatCode(() -> channel.refuseUnlessAllowed(null)).doesNotThrowAnyException();
    }

    private static RechargeConfig config(Map<String, String> values) {
        // Quarkus' converter reads durations such as "0s", as at runtime.
        return new SmallRyeConfigBuilder().withMapping(RechargeConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(values).build().getConfigMapping(RechargeConfig.class);
    }
}
