package io.rechargenotify.account.delivery;

import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.shared.event.EventSignatureException;
import io.rechargenotify.shared.event.UnreadableEventException;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Why a recharge result could not be applied, and so where it goes: transient failures (database down, timeout,
 * lock) walk the retry ladder; permanent ones (unknown account, unreadable payload, currency mismatch, unknown schema
 * version, a data or constraint error of the database) go straight to the dead-letter topic, since retrying the same
 * record cannot help. A record without a valid signature is permanent too, and named apart ({@code signature}): it
 * may be an attack, not a bug.
 */
public enum FailureClass {
    TRANSIENT,
    PERMANENT,
    SIGNATURE;

    public static FailureClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventSignatureException) {
                return SIGNATURE;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PermanentFailure || t instanceof UnreadableEventException || isDataErrorItself(t)) {
                return PERMANENT;
            }
        }
        return TRANSIENT;
    }

    /**
     * SQLSTATE classes 22 (data exception, e.g. a balance overflowing NUMERIC(19,2)) and 23 (integrity constraint):
     * the same record fails the same way every time.
     */
    static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isDataErrorItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDataErrorItself(Throwable t) {
        String state = t instanceof SQLException sql ? sql.getSQLState()
                : t instanceof PgException pg ? pg.getSqlState() : null;
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
