package io.rechargenotify.callback.delivery;

import java.util.List;

/** A delivery with what was sent (the result event's JSON), every attempt, oldest first, and every resend. */
public record DeliveryDetail(Delivery delivery, String payload, List<LoggedAttempt> attempts, List<Resend> resends) {
}
