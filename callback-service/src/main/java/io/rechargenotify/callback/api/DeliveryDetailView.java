package io.rechargenotify.callback.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.rechargenotify.callback.delivery.DeliveryDetail;
import io.rechargenotify.callback.delivery.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One delivery ({@code GET /deliveries/{id}}, and the answer to a resend): the fields of {@link DeliveryView}, what was
 * sent and every attempt and resend.
 *
 * @param payload the body every attempt sent (the recharge result event), as the JSON object it is
 * @param attempts every HTTP attempt, oldest first
 * @param resends every operator resend, oldest first
 */
public record DeliveryDetailView(UUID id, UUID endpointId, UUID eventId, UUID txNo, String eventType,
        String accountNo, DeliveryStatus status, int attemptCount, Instant nextAttemptAt, String lastError,
        Instant createdAt, Instant deliveredAt, Instant lastResentAt, String lastResentBy,
        @JsonRawValue String payload, List<AttemptView> attempts, List<ResendView> resends) {

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
    public record AttemptView(int attempt, Instant attemptedAt, Integer httpStatus, String errorKind, int latencyMs,
            String responseExcerpt) {
    }

    /**
     * One resend.
     *
     * @param resentBy the operator's token subject
     * @param via {@code resend} ({@code POST /deliveries/{id}/resend}) or {@code recover}
     *     ({@code POST /endpoints/{id}/recover})
     */
    public record ResendView(Instant resentAt, String resentBy, String via, DeliveryStatus previousStatus) {
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
