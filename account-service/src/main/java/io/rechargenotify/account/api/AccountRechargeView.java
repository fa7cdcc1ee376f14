package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.account.recharge.AccountRecharge;
import io.rechargenotify.account.recharge.AccountRechargeRepository;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
        @Schema(nullable = true, description = "Who made the last check") String lastCheckedBy,
        @Schema(nullable = true, description = "When the reconciler asks recharge-service about it next (PENDING "
                + "only)") Instant nextCheckAt) {

    /**
     * A page of an account's recharges. {@code next} names the last one ({@code <createdAt>_<txNo>}): pages never
     * shift when recharges are started meanwhile.
     */
    @Schema(name = "AccountRechargePage")
    public record Page(List<AccountRechargeView> items,
            @Schema(nullable = true, description = "The after of the next page; null on the last page") String next) {

        static final String CURSOR_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,15}Z_[0-9a-f-]{36}";
        static final String CURSOR_MESSAGE = "is the next of the previous page";
        /** A status filter: one of {@link AccountRechargeStatus}. */
        static final String STATUS_PATTERN = "PENDING|SUCCEEDED|FAILED";
        static final String STATUS_MESSAGE = "is PENDING, SUCCEEDED or FAILED";

        static Page of(List<AccountRecharge> recharges, int pageSize) {
            List<AccountRechargeView> items = recharges.stream().map(AccountRechargeView::of).toList();
            AccountRecharge last = recharges.isEmpty() ? null : recharges.get(recharges.size() - 1);
            return new Page(items, items.size() == pageSize ? last.createdAt + "_" + last.txNo : null);
        }

        /** The position a next cursor names; a malformed one is a 400 problem (it matched the pattern, though). */
        static AccountRechargeRepository.Position position(String cursor) {
            int split = cursor.lastIndexOf('_');
            try {
                return new AccountRechargeRepository.Position(Instant.parse(cursor.substring(0, split)),
                        UUID.fromString(cursor.substring(split + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("after must be the next of the previous page");
            }
        }
    }

    static AccountRechargeView of(AccountRecharge recharge) {
        return new AccountRechargeView(recharge.txNo, recharge.accountNo, recharge.amount, recharge.currency,
                recharge.status, recharge.failureReason, recharge.createdAt, recharge.resolvedAt,
                recharge.submissions, recharge.checks, recharge.lastCheckedAt, recharge.lastCheck,
                recharge.lastCheckedBy,
                recharge.status == AccountRechargeStatus.PENDING ? recharge.nextCheckAt : null);
    }
}
