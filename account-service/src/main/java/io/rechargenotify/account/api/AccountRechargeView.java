package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.account.recharge.AccountRecharge;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A recharge started by this service, with what reconciliation last found about it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountRechargeView(
        UUID txNo,
        String accountNo,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,
        AccountRechargeStatus status,
        @Schema(nullable = true, description = "Why it FAILED") String failureReason,
        Instant createdAt,
        @Schema(nullable = true, description = "When it became SUCCEEDED or FAILED") Instant resolvedAt,
        int submissions,
        int checks,
        @Schema(nullable = true, description = "When recharge-service was last asked about it") Instant lastCheckedAt,
        @Schema(nullable = true, description = "What the last submission or check found") String lastCheck,
        @Schema(nullable = true, description = "Who made the last check") String lastCheckedBy) {

    static AccountRechargeView of(AccountRecharge recharge) {
        return new AccountRechargeView(recharge.txNo, recharge.accountNo, recharge.amount, recharge.currency,
                recharge.status, recharge.failureReason, recharge.createdAt, recharge.resolvedAt,
                recharge.submissions, recharge.checks, recharge.lastCheckedAt, recharge.lastCheck,
                recharge.lastCheckedBy);
    }
}
