package io.rechargenotify.console.services;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in operator's name, sent to the services in the {@code RN-Operator} header so that what an operator does
 * is recorded as "alice via console" (the console's service token holds {@code ops:delegate}, which lets it name them).
 */
public final class Operator {

    /** The services refuse longer names and control characters; the console never sends them. */
    static final int MAX_LENGTH = 100;

    private Operator() {
    }

    /** Called by the REST clients for each call; null (no header) outside a signed-in request. */
    public static String name() {
        var identity = Arc.container().instance(SecurityIdentity.class);
        if (!identity.isAvailable() || identity.get().isAnonymous()) {
            return null;
        }
        return headerSafe(identity.get().getPrincipal().getName());
    }

    /** A header value carries printable ASCII only: other characters become '?', the rest is cut to the limit. */
    static String headerSafe(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder();
        name.codePoints().limit(MAX_LENGTH)
                .forEach(c -> safe.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        String trimmed = safe.toString().strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
