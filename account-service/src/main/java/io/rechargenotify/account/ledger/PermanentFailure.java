package io.rechargenotify.account.ledger;

/**
 * A recharge result that can never be applied as it is (unknown account, wrong currency, unreadable): retrying it
 * cannot help, so it goes to the dead-letter topic at once.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }
}
