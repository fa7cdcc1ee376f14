package io.rechargenotify.callback.delivery;

/** One line of a delivery's attempt log: its number (1 = the first, counting across resends) and how it went. */
public record LoggedAttempt(int number, Attempt attempt) {
}
