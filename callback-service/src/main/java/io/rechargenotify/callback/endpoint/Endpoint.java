package io.rechargenotify.callback.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A receiver's registered URL and what it wants: results of these accounts (all if empty) and event types (all if
 * empty). Its secrets sign every callback; {@code previousSecret} signs beside {@code secret} until it expires.
 */
public record Endpoint(UUID id, String url, List<String> accountNos, List<String> eventTypes, String description,
        String secret, String previousSecret, Instant previousSecretExpiresAt, boolean enabled, String disabledReason,
        Instant disabledAt, Instant createdAt, Instant updatedAt) {

    @Override
    public String toString() {
        return "Endpoint[" + id + " " + url + "]"; // never the secrets
    }
}
