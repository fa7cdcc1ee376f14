package io.rechargenotify.recharge.domain;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * The port to whatever takes the money (a bank, a wallet). Called outside any database transaction.
 *
 * <p>Contract: idempotent by txNo (a channel's merchant order number). Charging a txNo again returns the first
 * outcome and never takes the money twice; recovering a recharge left PENDING relies on it.
 */
public interface PaymentChannel {

    Uni<PaymentOutcome> charge(UUID txNo, NewRecharge request);
}
