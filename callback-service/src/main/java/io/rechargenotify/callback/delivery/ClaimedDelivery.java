package io.rechargenotify.callback.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery claimed for one attempt, with what the call needs: where to, what, and the endpoint's secrets; and the
 * recharge it tells of, for the attempt's span and log lines.
 *
 * @param attempt this attempt's number, 1 for the first (counting across resends: the claim's fencing token)
 * @param planAttempt this attempt's number in the current plan, 1 for the first after intake or a resend: the retry
 *     schedule's position
 * @param previousSecret the secret before the last rotation, null when there is none
 * @param traceparent the trace of the intake that planned it (W3C), null when there was none
 */
public record ClaimedDelivery(UUID id, UUID endpointId, UUID eventId, UUID txNo, String accountNo, String payload,
        int attempt, int planAttempt, String url, String secret, String previousSecret,
        Instant previousSecretExpiresAt, String traceparent) {

    @Override
    public String toString() {
        return "delivery " + id + " (event " + eventId + ", attempt " + attempt + ")"; // never the secrets
    }
}
