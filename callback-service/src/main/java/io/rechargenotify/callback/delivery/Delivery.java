package io.rechargenotify.callback.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * One recharge result for one endpoint, as stored.
 *
 * @param attempts HTTP attempts made (or claimed) in all, across every resend
 * @param planStart the value of {@code attempts} when the current attempt plan began: 0, or at the last resend
 * @param nextAttemptAt when it is due (or, while an attempt is in flight, when that attempt's lease ends); null unless
 *     PENDING
 * @param lastError the last unacknowledged attempt's status or error kind
 * @param lastResentBy who resent it last (a token subject), with {@code lastResentAt}; null if never resent
 */
public record Delivery(UUID id, UUID endpointId, UUID eventId, UUID txNo, String eventType, String accountNo,
        DeliveryStatus status, int attempts, int planStart, Instant nextAttemptAt, String lastError, Instant createdAt,
        Instant deliveredAt, Instant lastResentAt, String lastResentBy) {
}
