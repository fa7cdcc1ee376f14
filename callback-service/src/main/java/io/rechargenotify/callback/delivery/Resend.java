package io.rechargenotify.callback.delivery;

import java.time.Instant;

/**
 * An operator's resend of one delivery: when, who (the token's subject), how ({@code resend} of this delivery or
 * {@code recover} of its endpoint) and what it was before.
 */
public record Resend(Instant at, String by, String via, DeliveryStatus previousStatus) {
}
