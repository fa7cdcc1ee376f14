package io.rechargenotify.recharge.domain;

/**
 * What the payment channel answered: success, or failure with a reason.
 *
 * <p>The reason is the channel's text, stored as the recharge's {@code failure_reason}: it is bounded here, at the
 * port, so no channel answer can be one the database refuses (too long, a NUL character) – such a recharge could
 * never be completed and would stay PENDING however often it is asked about.
 */
public record PaymentOutcome(boolean succeeded, String failureReason) {

    /** The size of the {@code recharge.failure_reason} column (V1 migration), in characters. */
    static final int MAX_FAILURE_REASON = 500;

    public PaymentOutcome {
        failureReason = bounded(failureReason);
    }

    public static PaymentOutcome success() {
        return new PaymentOutcome(true, null);
    }

    public static PaymentOutcome failure(String reason) {
        return new PaymentOutcome(false, reason);
    }

    /** Without NUL (Postgres text cannot hold it), cut to the column at a character boundary (no half pair). */
    private static String bounded(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.indexOf('\0') < 0 ? text : text.replace("\0", "");
        if (clean.length() <= MAX_FAILURE_REASON) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(MAX_FAILURE_REASON - 1)) ? MAX_FAILURE_REASON - 1
                : MAX_FAILURE_REASON;
        return clean.substring(0, end);
    }
}
