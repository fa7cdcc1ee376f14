package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.DeliveryService;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to {@code POST /endpoints/{id}/recover}.
 *
 * @param resent how many FAILED deliveries got a new attempt plan, due now
 * @param recoveredBy the operator's token subject (also recorded on every resent delivery's {@code resends})
 * @param endpointEnabled false: the resent deliveries wait until {@code POST /endpoints/{id}/enable}
 */
public record RecoveryView(UUID endpointId, Instant since,
        @Schema(nullable = true, description = "As asked; null when not given (up to recoveredAt)") Instant until,
        int resent, String recoveredBy,
        Instant recoveredAt, boolean endpointEnabled) {

    static RecoveryView of(DeliveryService.Recovery recovery) {
        return new RecoveryView(recovery.endpoint().id(), recovery.since(), recovery.until(), recovery.resent(),
                recovery.by(), recovery.at(), recovery.endpoint().enabled());
    }
}
