package io.rechargenotify.account.api;

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

    private PageParams() {
    }
}
