package io.rechargenotify.account.deadletter;

/** No dead letter has this id. */
public class DeadLetterNotFoundException extends RuntimeException {

    public DeadLetterNotFoundException(long id) {
        super("No dead letter " + id);
    }
}
