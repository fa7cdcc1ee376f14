package io.rechargenotify.account.rechargeapi;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.UUID;

/** The body of {@code POST /recharges}; the txNo is always ours, so repeating the call is safe. */
public record RemoteRechargeRequest(
        UUID txNo,
        String accountNo,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency) {
}
