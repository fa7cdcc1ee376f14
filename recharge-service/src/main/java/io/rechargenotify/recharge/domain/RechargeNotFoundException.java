package io.rechargenotify.recharge.domain;

import java.util.UUID;

/** No recharge has this txNo. */
public class RechargeNotFoundException extends RuntimeException {

    public RechargeNotFoundException(UUID txNo) {
        super("No recharge with txNo " + txNo);
    }
}
