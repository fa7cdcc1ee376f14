package io.rechargenotify.account.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The paging parameters of the list operations, taken as text and checked by pattern: a value that is not a number is
 * a 400 problem like any bad value, not the 404 JAX-RS answers when it cannot convert a parameter.
 */
final class PageParams {

    /** A row id, 0 or more (at most 18 digits, so it always fits a long). */
    static final String AFTER_PATTERN = "[0-9]{1,18}";
    static final String AFTER_MESSAGE = "is a whole number, 0 or more";
    /** 1 to 1000. */
    static final String LIMIT_PATTERN = "[1-9][0-9]{0,2}|1000";
    static final String LIMIT_MESSAGE = "is a whole number from 1 to 1000";
    static final String BOOLEAN_PATTERN = "(?i)true|false";
    static final String BOOLEAN_MESSAGE = "is true or false";
    /** An ISO-8601 UTC instant with seconds; one that matches but cannot be (month 13) is refused by {@link #instant}. */
    static final String INSTANT_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z";
    static final String INSTANT_MESSAGE = "is an ISO-8601 UTC instant such as 2026-11-23T00:00:00Z";

    private PageParams() {
    }

    /** A parameter that matched {@link #INSTANT_PATTERN}, read; a time that cannot be is a 400 problem naming it. */
    static Optional<Instant> instant(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " " + INSTANT_MESSAGE);
        }
    }
}
