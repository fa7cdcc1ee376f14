package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.outbox.OutboxRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An outbox row as an operator sees it: what it notifies, where it stands with the relay, and why it was parked. */
@Schema(name = "OutboxRow")
public record OutboxRowView(
        long id,
        UUID txNo,
        String topic,
        String key,
        @Schema(nullable = true, description = "The exact text the relay sends; null in listings (GET /outbox/{id} "
                + "has it: a row parked as too large may be megabytes)") String payload,
        @Schema(description = "Size of the payload in UTF-8 bytes") int payloadBytes,
        Instant createdAt,
        @Schema(nullable = true, description = "Null unless published") Instant publishedAt,
        @Schema(nullable = true, description = "When the relay gave up on it; null unless parked") Instant parkedAt,
        @Schema(description = "Publication attempts so far") int attempts,
        @Schema(nullable = true, description = "Why the last attempt failed") String lastError,
        @Schema(nullable = true, description = "When an operator last returned it to the relay") Instant unparkedAt,
        @Schema(nullable = true, description = "Who did") String unparkedBy) {

    static OutboxRowView of(OutboxRecord row) {
        return of(row, row.payload);
    }

    static OutboxRowView listed(OutboxRecord row) {
        return of(row, null);
    }

    private static OutboxRowView of(OutboxRecord row, String payload) {
        return new OutboxRowView(row.id, row.txNo, row.topic, row.messageKey, payload,
                row.payload.getBytes(StandardCharsets.UTF_8).length, row.createdAt, row.publishedAt, row.parkedAt,
                row.attempts, row.lastError, row.unparkedAt, row.unparkedBy);
    }

    /** A page of parked rows. */
    @Schema(name = "OutboxRowPage")
    public record Page(List<OutboxRowView> items,
            @Schema(nullable = true, description = "The after of the next page; null on the last page") Long next) {
    }
}
