package io.rechargenotify.account.consume;

import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.shared.event.UnreadableEventException;

/**
 * Why a recharge result could not be applied, and so where it goes: transient failures (database down, timeout,
 * lock) walk the retry ladder; permanent ones (unknown account, unreadable payload, currency mismatch, unknown schema
 * version) go straight to the dead-letter topic, since retrying the same record cannot help.
 */
public enum FailureClass {
    TRANSIENT,
    PERMANENT;

    public static FailureClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PermanentFailure || t instanceof UnreadableEventException) {
                return PERMANENT;
            }
        }
        return TRANSIENT;
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
