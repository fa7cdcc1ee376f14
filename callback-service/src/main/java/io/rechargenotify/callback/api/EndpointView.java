package io.rechargenotify.callback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.callback.endpoint.Endpoint;
import io.rechargenotify.shared.event.RechargeEventType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
public record EndpointView(UUID id,
        @Schema(format = "uri") String url,
        @Schema(description = "Only results of these accounts; empty: all") List<String> accountNos,
        @Schema(description = "Only results of these types; empty: all") List<RechargeEventType> eventTypes,
        @Schema(nullable = true) String description,
        boolean enabled,
        @Schema(nullable = true, description = "Absent while enabled") String disabledReason,
        @Schema(nullable = true, description = "Absent while enabled") Instant disabledAt,
        @Schema(nullable = true, description = "An operator's token subject, or callback-service when it was disabled"
                + " for failing too long; absent while enabled") String disabledBy,
        @Schema(nullable = true, description = "The first failure of its current run of failures; absent after a 2xx")
        Instant failingSince,
        @Schema(minimum = "0", description = "Unacknowledged attempts in a row") int consecutiveFailures,
        @Schema(nullable = true, description = "Not called before this (open circuit); absent when closed")
        Instant pausedUntil,
        @Schema(nullable = true, description = "The signing secret: only in the answers to registerEndpoint and"
                + " rotateEndpointSecret") String secret,
        @Schema(nullable = true, description = "Until when the previous secret signs beside the new one; absent"
                + " before the first rotation") Instant previousSecretExpiresAt,
        Instant createdAt, Instant updatedAt) {

    static EndpointView of(Endpoint endpoint) {
        return of(endpoint, null);
    }

    static EndpointView withSecret(Endpoint endpoint) {
        return of(endpoint, endpoint.secret());
    }

    private static EndpointView of(Endpoint endpoint, String secret) {
        return new EndpointView(endpoint.id(), endpoint.url(), endpoint.accountNos(),
                endpoint.eventTypes().stream().map(RechargeEventType::valueOf).toList(),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.disabledAt(),
                endpoint.disabledBy(), endpoint.failingSince(), endpoint.consecutiveFailures(),
                endpoint.pausedUntil(), secret,
                endpoint.previousSecretExpiresAt(), endpoint.createdAt(), endpoint.updatedAt());
    }

    /** A page of endpoints; {@code next} is the cursor of the following page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "EndpointPage")
    public record Page(List<EndpointView> items,
            @Schema(nullable = true, description = "The after of the next page; absent on the last page") UUID next) {
    }
}
