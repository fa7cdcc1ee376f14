package io.rechargenotify.account.api;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /reconciliations}: a closed window, or nothing for the last closed one. */
public record ReconciliationRequest(
        @Schema(description = "Start of the window (inclusive), with to", example = "2026-11-22T00:00:00Z")
        Instant from,
        @Schema(description = "End of the window (exclusive), with from", example = "2026-11-23T00:00:00Z")
        Instant to) {
}
