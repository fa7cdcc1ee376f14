package io.rechargenotify.recharge;

import io.rechargenotify.recharge.channel.SimulatedPaymentChannel;
import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.recharge.domain.PaymentChannel;
import io.rechargenotify.recharge.domain.PaymentOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.UUID;

/**
 * The payment channel of the tests: the simulated channel, except for accounts whose number asks for a misbehaving
 * channel – one that never answers ({@link #UNREACHABLE}) or declines with a reason no column can hold
 * ({@link #LONG_REASON}: 2,000 characters with a NUL in it).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ScriptedPaymentChannel implements PaymentChannel {

    static final String UNREACHABLE = "UNREACHABLE-";
    static final String LONG_REASON = "LONGREASON-";

    private final SimulatedPaymentChannel simulated;

    public ScriptedPaymentChannel(SimulatedPaymentChannel simulated) {
        this.simulated = simulated;
    }

    @Override
    public Uni<PaymentOutcome> charge(UUID txNo, NewRecharge request) {
        if (request.accountNo().startsWith(UNREACHABLE)) {
            return Uni.createFrom().failure(new IllegalStateException("channel unreachable (scripted)"));
        }
        if (request.accountNo().startsWith(LONG_REASON)) {
            return Uni.createFrom().item(PaymentOutcome.failure("declined\0 " + "x".repeat(2000)));
        }
        return simulated.charge(txNo, request);
    }
}
