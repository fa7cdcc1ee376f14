package io.rechargenotify.account.rechargeapi;

/** recharge-service refused a request with a 4xx: repeating it would be refused again. */
public class RechargeRejectedException extends RuntimeException {

    public RechargeRejectedException(int status, String body) {
        super("recharge-service refused the request with " + status + ": "
                + (body.length() > 300 ? body.substring(0, 300) : body));
    }
}
