package io.rechargenotify.recharge.channel;

import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.recharge.domain.PaymentChannel;
import io.rechargenotify.recharge.domain.PaymentOutcome;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.UUID;

/**
 * A payment channel for development, tests and demos: answers after a configurable latency, declines a configurable
 * share of payments (chosen by txNo), and always declines accounts whose number starts with the configured prefix (a
 * deterministic way to make a given recharge fail).
 */
@ApplicationScoped
public class SimulatedPaymentChannel implements PaymentChannel {

    static final String DECLINED = "declined by the payment channel (simulated)";

    static final String NOT_ALLOWED = "The simulated payment channel takes no money and confirms every payment it does"
            + " not decline, so it does not run unless allowed: set recharge.channel.allow-simulated=true"
            + " (environment RECHARGE_CHANNEL_ALLOW_SIMULATED=true) only where no real money is involved"
            + " (local runs, tests, demos).";

    private final RechargeConfig.Channel config;

    public SimulatedPaymentChannel(RechargeConfig config) {
        this.config = config.channel();
    }

    /**
     * Stops a production start (the packaged service runs the prod profile) before the first recharge is taken: the
     * first startup observer, and Quarkus exits non-zero with this message.
     */
    void refuseUnlessAllowed(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        if (!config.allowSimulated()) {
            throw new ConfigurationException(NOT_ALLOWED);
        }
    }

    @Override
    @WithSpan("payment-channel charge")
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
