package io.rechargenotify.account.rechargeapi;

/** recharge-service has no recharge with this txNo (an answer, not a failure). */
public class RechargeNotFoundAtSourceException extends RuntimeException {

    public RechargeNotFoundAtSourceException() {
        super("recharge-service has no such recharge", null, false, false);
    }
}
