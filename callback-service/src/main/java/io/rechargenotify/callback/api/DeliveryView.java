package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.Delivery;
import io.rechargenotify.callback.delivery.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A delivery in a listing ({@code GET /endpoints/{id}/deliveries}, {@code GET /deliveries?txNo=}): one recharge
 * result for one endpoint.
 *
 * @param status {@code PENDING}, {@code SUCCEEDED} or {@code FAILED}
 * @param attemptCount HTTP attempts made in all (across resends)
 * @param nextAttemptAt when it is due, or while an attempt is in flight when that attempt's lease ends; null unless
 *     PENDING
 * @param lastError the last unacknowledged attempt's HTTP status ({@code HTTP 503}) or error kind ({@code timeout})
 * @param lastResentBy who resent it last (token subject), with {@code lastResentAt}; absent if never resent
 */
public record DeliveryView(UUID id, UUID endpointId, UUID eventId, UUID txNo,
        @Schema(ref = "RechargeEventType") String eventType, String accountNo,
        DeliveryStatus status, int attemptCount,
        @Schema(nullable = true, description = "When it is due; null unless PENDING") Instant nextAttemptAt,
        @Schema(nullable = true, description = "The last unacknowledged attempt's HTTP status or error kind")
        String lastError,
        Instant createdAt,
        @Schema(nullable = true, description = "When a 2xx acknowledged it; null unless SUCCEEDED") Instant deliveredAt,
        @Schema(nullable = true, description = "null if never resent") Instant lastResentAt,
        @Schema(nullable = true, description = "Who resent it last (token subject); null if never resent")
        String lastResentBy) {

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), delivery.endpointId(), delivery.eventId(), delivery.txNo(),
                delivery.eventType(), delivery.accountNo(), delivery.status(), delivery.attempts(),
                delivery.nextAttemptAt(), delivery.lastError(), delivery.createdAt(), delivery.deliveredAt(),
                delivery.lastResentAt(), delivery.lastResentBy());
    }

    /** The first {@code size} of {@code found} as a page; one more found than that means there is a next page. */
    static Page page(List<Delivery> found, int size) {
        List<DeliveryView> items = found.stream().limit(size).map(DeliveryView::of).toList();
        return new Page(items, found.size() > size ? items.get(size - 1).id() : null);
    }

    /**
     * A page of deliveries, oldest first; {@code next} is the {@code after} of the following page, null on the last.
     */
    @Schema(name = "DeliveryPage")
    public record Page(List<DeliveryView> items,
            @Schema(nullable = true, description = "The after of the next page; null on the last page") UUID next) {
    }
}
