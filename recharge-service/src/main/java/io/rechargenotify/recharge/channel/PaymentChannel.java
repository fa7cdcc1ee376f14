package io.rechargenotify.recharge.channel;

import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.recharge.domain.PaymentOutcome;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** The port to whatever takes the money (a bank, a wallet). Called outside any database transaction. */
public interface PaymentChannel {

    Uni<PaymentOutcome> charge(UUID txNo, NewRecharge request);
}
