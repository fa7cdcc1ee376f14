package io.rechargenotify.recharge.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads query parameters with messages that name the parameter; a bad value is an IllegalArgumentException (400). */
final class QueryParams {

    private QueryParams() {
    }

    static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 UTC instant such as 2026-11-23T00:00:00Z");
        }
    }

    static int intInRange(String name, String value, int fallback, int min, int max) {
        return (int) longInRange(name, value, fallback, min, max);
    }

    static long longInRange(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    @SafeVarargs
    static <E extends Enum<E>> Optional<E> oneOf(String name, String value, E... allowed) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        for (E candidate : allowed) {
            if (candidate.name().equals(value)) {
                return Optional.of(candidate);
            }
        }
        throw new IllegalArgumentException(name + " must be one of " + java.util.Arrays.toString(allowed));
    }
}
