package io.rechargenotify.shared.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @Test
    void txNoParsesOnlyTheCanonicalUuidForm() {
        assertThat(TxNo.parse("3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30").toString())
                .isEqualTo("3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30");
        assertThatThrownBy(() -> TxNo.parse("1-1-1-1-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TxNo.parse("3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c3z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TxNo.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moneyIsScaleTwoAndNeverRounded() {
        assertThat(Money.normalize(new BigDecimal("5"))).isEqualTo(new BigDecimal("5.00"));
        assertThat(Money.normalize(new BigDecimal("5.100"))).isEqualTo(new BigDecimal("5.10"));
        assertThatThrownBy(() -> Money.normalize(new BigDecimal("5.001")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void currenciesAreIsoCodes() {
        assertThat(Money.isIsoCurrency("CNY")).isTrue();
        assertThat(Money.isIsoCurrency("cny")).isFalse();
        assertThat(Money.isIsoCurrency("XYZ")).isFalse();
        assertThat(Money.isIsoCurrency(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "ACC-1", "abc", "A_1-b", "12345678901234567890123456789012" })
    void acceptedAccountNumbers(String accountNo) {
        assertThat(accountNo).matches(AccountNumbers.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ab", "-abc", "a b", "a;DROP TABLE", "123456789012345678901234567890123", "<x>" })
    void refusedAccountNumbers(String accountNo) {
        assertThat(accountNo).doesNotMatch(AccountNumbers.PATTERN);
    }
}
