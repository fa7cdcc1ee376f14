package io.rechargenotify.recharge.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.recharge.domain.Recharge;
import io.rechargenotify.recharge.domain.RechargeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A recharge as the API shows it; money as a string so no client parses it as a float. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RechargeView(
        UUID txNo,
        String accountNo,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        RechargeStatus status,
        @Schema(nullable = true, description = "Why the channel refused it (FAILED only)") String failureReason,
        Instant createdAt,
        @Schema(nullable = true, description = "When it became SUCCEEDED or FAILED") Instant completedAt) {

    static RechargeView of(Recharge recharge) {
        return new RechargeView(recharge.txNo, recharge.accountNo, recharge.amount, recharge.currency,
                recharge.status, recharge.failureReason, recharge.createdAt, recharge.completedAt);
    }
}
