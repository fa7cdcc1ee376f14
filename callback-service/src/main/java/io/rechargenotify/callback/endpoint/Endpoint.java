package io.rechargenotify.callback.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A receiver's registered URL and what it wants: results of these accounts (all if empty) and event types (all if
 * empty). Its secrets sign every callback; {@code previousSecret} signs beside {@code secret} until it expires.
 *
 * @param disabledBy who disabled it: a token subject, or {@link #AUTOMATIC} when it failed too long
 * @param failingSince the first failure of its current run of failures, null after a 2xx
 * @param consecutiveFailures unacknowledged attempts in a row; from the circuit's threshold on it is paused
 * @param pausedUntil not claimed before this (the circuit), null when closed
 */
public record Endpoint(UUID id, String url, List<String> accountNos, List<String> eventTypes, String description,
        String secret, String previousSecret, Instant previousSecretExpiresAt, boolean enabled, String disabledReason,
        Instant disabledAt, String disabledBy, Instant failingSince, int consecutiveFailures, Instant pausedUntil,
        Instant createdAt, Instant updatedAt) {

    /** The {@code disabledBy} of an endpoint disabled by callback-service itself (callback.endpoints.disable-after). */
    public static final String AUTOMATIC = "callback-service";

    @Override
    public String toString() {
        return "Endpoint[" + id + " " + url + "]"; // never the secrets
    }
}
