package io.rechargenotify.recharge.domain;

import java.math.BigDecimal;
import java.util.UUID;

/** A validated request to recharge an account; {@code txNo} is null when the service must generate one. */
public record NewRecharge(UUID txNo, String accountNo, BigDecimal amount, String currency) {
}
