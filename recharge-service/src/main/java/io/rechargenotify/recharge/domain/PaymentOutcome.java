package io.rechargenotify.recharge.domain;

/** What the payment channel answered: success, or failure with a reason. */
public record PaymentOutcome(boolean succeeded, String failureReason) {

    public static PaymentOutcome success() {
        return new PaymentOutcome(true, null);
    }

    public static PaymentOutcome failure(String reason) {
        return new PaymentOutcome(false, reason);
    }
}
