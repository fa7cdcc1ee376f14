package io.rechargenotify.callback.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.rechargenotify.callback.delivery.DeliveryDetail;
import io.rechargenotify.callback.delivery.DeliveryStatus;
import io.rechargenotify.shared.event.RechargeResultEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One delivery ({@code GET /deliveries/{id}}, and the answer to a resend): the fields of {@link DeliveryView}, what was
 * sent and every attempt and resend.
 *
 * @param payload the body every attempt sent (the recharge result event), as the JSON object it is
 * @param attempts every HTTP attempt, oldest first
 * @param resends every operator resend, oldest first
 */
public record DeliveryDetailView(UUID id, UUID endpointId, UUID eventId, UUID txNo,
        @Schema(ref = "RechargeEventType") String eventType, String accountNo, DeliveryStatus status,
        int attemptCount, @Schema(nullable = true) Instant nextAttemptAt, @Schema(nullable = true) String lastError,
        Instant createdAt, @Schema(nullable = true) Instant deliveredAt, @Schema(nullable = true) Instant lastResentAt,
        @Schema(nullable = true) String lastResentBy,
        @Schema(implementation = RechargeResultEvent.class) @JsonRawValue String payload,
        List<AttemptView> attempts, List<ResendView> resends) {

    /**
     * One HTTP attempt.
     *
     * @param attempt its number, 1 for the first (numbering goes on across resends)
     * @param httpStatus the receiver's status; null when there was none, and then {@code errorKind} says why:
     *     {@code timeout}, {@code connect-timeout}, {@code connect}, {@code tls}, {@code io}, {@code refused-target}
     *     (the URL now resolves to an address not allowed) or {@code error}
     * @param latencyMs from the start of the call to its end (answer read or failure)
     * @param responseExcerpt the first 1 KB of the receiver's answer (for {@code refused-target}, why it was refused)
     */
    public record AttemptView(int attempt, Instant attemptedAt,
            @Schema(nullable = true, description = "null when there was no answer; errorKind says why")
            Integer httpStatus,
            @Schema(nullable = true, description = "timeout, connect-timeout, connect, tls, io, refused-target or error;"
                    + " null with an httpStatus") String errorKind,
            int latencyMs,
            @Schema(nullable = true, maxLength = 1024, description = "The first 1 KB of the answer")
            String responseExcerpt) {
    }

    /**
     * One resend.
     *
     * @param resentBy the operator's token subject
     * @param via {@code resend} ({@code POST /deliveries/{id}/resend}) or {@code recover}
     *     ({@code POST /endpoints/{id}/recover})
     */
    public record ResendView(Instant resentAt, String resentBy,
            @Schema(enumeration = { "resend", "recover" }) String via, DeliveryStatus previousStatus) {
    }

    static DeliveryDetailView of(DeliveryDetail detail) {
        var d = detail.delivery();
        return new DeliveryDetailView(d.id(), d.endpointId(), d.eventId(), d.txNo(), d.eventType(), d.accountNo(),
                d.status(), d.attempts(), d.nextAttemptAt(), d.lastError(), d.createdAt(), d.deliveredAt(),
                d.lastResentAt(), d.lastResentBy(), detail.payload(),
                detail.attempts().stream().map(logged -> new AttemptView(logged.number(), logged.attempt().at(),
                        logged.attempt().httpStatus(), logged.attempt().errorKind(),
                        logged.attempt().latencyMillis(), logged.attempt().excerpt())).toList(),
                detail.resends().stream().map(resend -> new ResendView(resend.at(), resend.by(), resend.via(),
                        resend.previousStatus())).toList());
    }
}
