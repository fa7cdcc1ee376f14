package io.rechargenotify.recharge.channel;

import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.recharge.domain.PaymentChannel;
import io.rechargenotify.recharge.domain.PaymentOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A payment channel for development, tests and demos: answers after a configurable latency, declines a configurable
 * share of payments (chosen by txNo), and always declines accounts whose number starts with the configured prefix (a
 * deterministic way to make a given recharge fail).
 */
@ApplicationScoped
public class SimulatedPaymentChannel implements PaymentChannel {

    static final String DECLINED = "declined by the payment channel (simulated)";

    private final RechargeConfig.Channel config;

    public SimulatedPaymentChannel(RechargeConfig config) {
        this.config = config.channel();
    }

    @Override
    public Uni<PaymentOutcome> charge(UUID txNo, NewRecharge request) {
        Uni<PaymentOutcome> outcome = Uni.createFrom().item(() -> declines(txNo, request)
                ? PaymentOutcome.failure(DECLINED)
                : PaymentOutcome.success());
        return config.latency().isZero() ? outcome : outcome.onItem().delayIt().by(config.latency());
    }

    /** Decided by the txNo, not by chance per call: asking again gives the same answer, as the port requires. */
    private boolean declines(UUID txNo, NewRecharge request) {
        double draw = (txNo.hashCode() & 0x7fffffff) / (double) Integer.MAX_VALUE;
        return config.declineAccountPrefix().filter(request.accountNo()::startsWith).isPresent()
                || draw < config.failureRatio();
    }
}
