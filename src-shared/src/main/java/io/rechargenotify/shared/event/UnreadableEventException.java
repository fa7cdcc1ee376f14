package io.rechargenotify.shared.event;

/** A record on a recharge-result topic that is not a readable event of a known schema: never retried. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String reason) {
        super("unreadable recharge result event: " + reason);
    }

    public UnreadableEventException(String reason, Throwable cause) {
        super("unreadable recharge result event: " + reason, cause);
    }
}
