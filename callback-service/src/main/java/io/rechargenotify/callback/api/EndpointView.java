package io.rechargenotify.callback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.callback.endpoint.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as the API shows it. {@code secret} is present only in the answers to create and rotate: it is the
 * receiver's only chance to read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(UUID id, String url, List<String> accountNos, List<String> eventTypes, String description,
        boolean enabled, String disabledReason, Instant disabledAt, String secret, Instant previousSecretExpiresAt,
        Instant createdAt, Instant updatedAt) {

    static EndpointView of(Endpoint endpoint) {
        return of(endpoint, null);
    }

    static EndpointView withSecret(Endpoint endpoint) {
        return of(endpoint, endpoint.secret());
    }

    private static EndpointView of(Endpoint endpoint, String secret) {
        return new EndpointView(endpoint.id(), endpoint.url(), endpoint.accountNos(), endpoint.eventTypes(),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.disabledAt(), secret,
                endpoint.previousSecretExpiresAt(), endpoint.createdAt(), endpoint.updatedAt());
    }

    /** A page of endpoints; {@code next} is the cursor of the following page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<EndpointView> items, UUID next) {
    }
}
