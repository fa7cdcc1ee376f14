package io.rechargenotify.recharge.outbox;

import io.rechargenotify.recharge.config.RechargeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the outbox relay: DOWN when rows wait and no relay pass has finished for longer than
 * {@code recharge.relay.stall-threshold} – the relay loop is hung (its statements keep running out of time), and a
 * restart is the remedy. Kafka being down does not count: those passes finish (the rows stay and the relay backs
 * off), and recharges are still taken. Postgres being down does not count either; readiness reports it.
 */
@Liveness
@ApplicationScoped
public class RelayLiveness implements HealthCheck {

    private final OutboxRelay relay;
    private final OutboxHousekeeping housekeeping;
    private final RechargeConfig.Relay config;

    public RelayLiveness(OutboxRelay relay, OutboxHousekeeping housekeeping, RechargeConfig config) {
        this.relay = relay;
        this.housekeeping = housekeeping;
        this.config = config.relay();
    }

    @Override
    public HealthCheckResponse call() {
        if (!config.enabled()) {
            return HealthCheckResponse.named("outbox-relay").up().withData("enabled", false).build();
        }
        Duration sinceLastPass = relay.sinceLastPass();
        long backlog = housekeeping.backlog();
        boolean stalled = backlog > 0 && sinceLastPass.compareTo(config.stallThreshold()) > 0;
        return HealthCheckResponse.named("outbox-relay").status(!stalled)
                .withData("backlog", backlog)
                .withData("secondsSinceLastPass", sinceLastPass.toSeconds())
                .build();
    }
}
