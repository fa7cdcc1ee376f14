package io.rechargenotify.account.rechargeapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * A recharge as recharge-service tells it. A tolerant reader: fields the service adds later are ignored, so a
 * newer recharge-service never breaks reconciliation.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoteRecharge(
        UUID txNo,
        String accountNo,
        BigDecimal amount,
        String currency,
        String status,
        String failureReason,
        Instant createdAt,
        Instant completedAt) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";

    public boolean completed() {
        return SUCCEEDED.equals(status) || FAILED.equals(status);
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /**
     * The result this recharge would have been notified with. Its eventId is derived from the txNo, so asking
     * twice gives the same event; the ledger deduplicates by txNo in any case.
     */
    public RechargeResultEvent toEvent() {
        if (!completed()) {
            throw new IllegalStateException("recharge " + txNo + " is " + status + ", not completed");
        }
        UUID eventId = UUID.nameUUIDFromBytes(("reconciliation:" + txNo).getBytes(StandardCharsets.UTF_8));
        return new RechargeResultEvent(eventId,
                succeeded() ? RechargeEventType.RechargeSucceeded : RechargeEventType.RechargeFailed,
                txNo, accountNo, amount, currency, completedAt, RechargeResultEvent.SCHEMA_VERSION);
    }
}
