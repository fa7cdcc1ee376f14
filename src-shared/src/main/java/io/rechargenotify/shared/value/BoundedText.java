package io.rechargenotify.shared.value;

/**
 * Text from outside (a Kafka record, a header, a payment channel's answer) made fit for a bounded column or header:
 * Postgres text cannot hold NUL, and a value longer than its column fails the whole insert (SQLSTATE 22001), so a
 * foreign value is cleaned and cut instead of stopping whatever stores it.
 */
public final class BoundedText {

    private BoundedText() {
    }

    /** The value without NUL characters, cut to at most {@code maxLength} characters; null stays null. */
    public static String of(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
        if (clean.length() <= maxLength) {
            return clean;
        }
        // Never cut between the two halves of a surrogate pair: the half left over is not valid UTF-8.
        int end = Character.isHighSurrogate(clean.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return clean.substring(0, end);
    }

    /** A whole text kept, only NUL made visible ({@code \u0000}): for payloads an operator must be able to replay. */
    public static String withoutNul(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "\\u0000");
    }
}
