package io.rechargenotify.callback.api;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /endpoints/{id}/recover}: resend the endpoint's FAILED deliveries created from {@code since}
 * (an ISO-8601 instant such as {@code 2026-11-30T08:00:00Z}, not in the future) up to {@code until} (optional,
 * exclusive; default now).
 */
public record RecoverRequest(
        @Schema(description = "FAILED deliveries created at or after this (not in the future)")
        @NotNull(message = "since is required") Instant since,
        @Schema(description = "Created before this (exclusive; after since); default now") Instant until) {
}
