package io.rechargenotify.shared.value;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** Rules for money on both sides: {@code BigDecimal} with scale 2, matching SQL {@code NUMERIC(19,2)}. */
public final class Money {

    public static final int SCALE = 2;

    /** The largest amount of one recharge. Far below NUMERIC(19,2) so a balance has headroom for many of them. */
    public static final BigDecimal MAX_RECHARGE = new BigDecimal("1000000.00");

    private static final Set<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private Money() {
    }

    /** Scale 2 without rounding: an amount with more than two decimals is refused, never rounded. */
    public static BigDecimal normalize(BigDecimal amount) {
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("amount must have at most " + SCALE + " decimal places");
        }
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static boolean isIsoCurrency(String code) {
        return code != null && ISO_CURRENCIES.contains(code);
    }
}
