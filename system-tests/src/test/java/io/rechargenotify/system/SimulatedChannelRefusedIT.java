package io.rechargenotify.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged recharge-service runs the prod profile, where the simulated payment channel is refused unless
 * explicitly allowed: without the allowance it exits non-zero and says which setting allows it.
 */
class SimulatedChannelRefusedIT {

    @Test
    void packagedServiceRefusesToStartWithTheSimulatedChannelUnlessAllowed() throws Exception {
        String instance = "recharge-service-simulated-refused";
        Path log = ServiceProcess.logOf(instance);
        Files.deleteIfExists(log);
        Map<String, String> env = new HashMap<>(SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
        env.put("RECHARGE_CHANNEL_ALLOW_SIMULATED", "false");

        int exit = ServiceProcess.runToExit("recharge-service", instance, env, Duration.ofSeconds(90));

        assertThat(exit).isNotZero();
        assertThat(Files.readString(log)).contains("recharge.channel.allow-simulated=true")
                .contains("RECHARGE_CHANNEL_ALLOW_SIMULATED=true");
    }
}
