package io.rechargenotify.callback.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery claimed for one attempt, with what the call needs: where to, what, and the endpoint's secrets.
 *
 * @param attempt this attempt's number, 1 for the first
 * @param previousSecret the secret before the last rotation, null when there is none
 */
public record ClaimedDelivery(UUID id, UUID endpointId, UUID eventId, String payload, int attempt, String url,
        String secret, String previousSecret, Instant previousSecretExpiresAt) {

    @Override
    public String toString() {
        return "delivery " + id + " (event " + eventId + ", attempt " + attempt + ")"; // never the secrets
    }
}
