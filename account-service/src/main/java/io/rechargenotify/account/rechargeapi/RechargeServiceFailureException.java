package io.rechargenotify.account.rechargeapi;

/** recharge-service failed to answer (5xx, 408, 429): a later call may succeed. */
public class RechargeServiceFailureException extends RuntimeException {

    public RechargeServiceFailureException(String message) {
        super(message);
    }
}
