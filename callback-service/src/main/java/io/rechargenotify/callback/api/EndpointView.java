package io.rechargenotify.callback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.callback.endpoint.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as the API shows it. {@code secret} is present only in the answers to create and rotate: it is the
 * receiver's only chance to read it. Absent fields are null.
 *
 * @param disabledBy who disabled it: an operator's token subject, or {@code callback-service} when it was disabled for
 *     failing longer than callback.endpoints.disable-after ({@code disabledReason} says since when)
 * @param failingSince the first failure of its current run of failures; absent after a 2xx
 * @param consecutiveFailures unacknowledged attempts in a row; from callback.circuit.failure-threshold on its circuit
 *     is open
 * @param pausedUntil not called before this (open circuit; then one probe at a time); absent when closed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(UUID id, String url, List<String> accountNos, List<String> eventTypes, String description,
        boolean enabled, String disabledReason, Instant disabledAt, String disabledBy, Instant failingSince,
        int consecutiveFailures, Instant pausedUntil, String secret, Instant previousSecretExpiresAt,
        Instant createdAt, Instant updatedAt) {

    static EndpointView of(Endpoint endpoint) {
        return of(endpoint, null);
    }

    static EndpointView withSecret(Endpoint endpoint) {
        return of(endpoint, endpoint.secret());
    }

    private static EndpointView of(Endpoint endpoint, String secret) {
        return new EndpointView(endpoint.id(), endpoint.url(), endpoint.accountNos(), endpoint.eventTypes(),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.disabledAt(),
                endpoint.disabledBy(), endpoint.failingSince(), endpoint.consecutiveFailures(),
                endpoint.pausedUntil(), secret,
                endpoint.previousSecretExpiresAt(), endpoint.createdAt(), endpoint.updatedAt());
    }

    /** A page of endpoints; {@code next} is the cursor of the following page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<EndpointView> items, UUID next) {
    }
}
