package io.rechargenotify.callback.delivery;

import java.time.Instant;

/**
 * One HTTP attempt as logged: the receiver's status, or the kind of error when there was none; how long it took; the
 * start of the answer.
 *
 * @param errorKind {@code timeout}, {@code connect}, {@code io}, {@code refused-target} … or null with a status
 */
public record Attempt(Instant at, Integer httpStatus, String errorKind, int latencyMillis, String excerpt) {

    public boolean acknowledged() {
        return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
    }

    /** For the delivery's {@code last_error}. */
    public String summary() {
        String text = httpStatus != null ? "HTTP " + httpStatus : errorKind;
        return text.length() <= 300 ? text : text.substring(0, 300);
    }
}
