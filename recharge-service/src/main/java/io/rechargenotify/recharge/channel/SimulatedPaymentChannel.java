package io.rechargenotify.recharge.channel;

import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.recharge.domain.PaymentOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A payment channel that takes every payment after a configurable latency: the default for development and tests. */
@ApplicationScoped
public class SimulatedPaymentChannel implements PaymentChannel {

    private final RechargeConfig.Channel config;

    public SimulatedPaymentChannel(RechargeConfig config) {
        this.config = config.channel();
    }

    @Override
    public Uni<PaymentOutcome> charge(UUID txNo, NewRecharge request) {
        Uni<PaymentOutcome> outcome = Uni.createFrom().item(PaymentOutcome.success());
        return config.latency().isZero() ? outcome : outcome.onItem().delayIt().by(config.latency());
    }
}
