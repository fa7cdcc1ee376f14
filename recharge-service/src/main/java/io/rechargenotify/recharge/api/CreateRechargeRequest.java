package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.domain.NewRecharge;
import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.IsoCurrency;
import io.rechargenotify.shared.value.Money;
import io.rechargenotify.shared.value.RechargeAmount;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /recharges}. */
public record CreateRechargeRequest(
        @Schema(description = "Client-chosen transaction number; repeating it makes the call idempotent",
                example = "3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30") UUID txNo,
        @NotNull @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
        @Schema(example = "ACC-10001") String accountNo,
        @RechargeAmount @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                example = "100.00", description = RechargeAmount.DESCRIPTION) BigDecimal amount,
        @NotNull @IsoCurrency @Schema(example = "CNY") String currency) {

    NewRecharge toNewRecharge() {
        return new NewRecharge(txNo, accountNo, Money.normalize(amount), currency);
    }
}
