package io.rechargenotify.account.api;

import java.util.UUID;

/** The active query of a recharge got no answer from recharge-service. */
class RechargeServiceUnavailableException extends RuntimeException {

    RechargeServiceUnavailableException(UUID txNo) {
        super("recharge-service did not answer about " + txNo + "; it stays PENDING and is asked again later");
    }
}
