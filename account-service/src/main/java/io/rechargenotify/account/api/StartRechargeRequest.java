package io.rechargenotify.account.api;

import io.rechargenotify.shared.value.RechargeAmount;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /accounts/{accountNo}/recharges}; the currency is the account's. */
public record StartRechargeRequest(
        @RechargeAmount @Schema(type = SchemaType.STRING, example = "100.00",
                description = RechargeAmount.DESCRIPTION) BigDecimal amount) {
}
