package io.rechargenotify.account.deadletter;

/** A replay that could not apply the result; the dead letter stays open. */
public class ReplayFailedException extends RuntimeException {

    public ReplayFailedException(long id, Throwable cause) {
        super("Dead letter " + id + " could not be replayed: " + cause.getMessage(), cause);
    }
}
