package io.rechargenotify.recharge.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The channel's failure text is made storable at the port: no NUL, no longer than its column. */
class PaymentOutcomeTest {

    @Test
    void reasonLongerThanItsColumnIsCutToTheColumn() {
        assertThat(PaymentOutcome.failure("r".repeat(2000)).failureReason())
                .hasSize(PaymentOutcome.MAX_FAILURE_REASON);
    }

    @Test
    void nulCharactersAreRemoved() {
        assertThat(PaymentOutcome.failure("card\0 declined").failureReason()).isEqualTo("card declined");
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String reason = "r".repeat(PaymentOutcome.MAX_FAILURE_REASON - 1) + "\uD83D\uDCB0" + "tail";
        assertThat(PaymentOutcome.failure(reason).failureReason())
                .isEqualTo("r".repeat(PaymentOutcome.MAX_FAILURE_REASON - 1));
    }

    @Test
    void shortReasonAndSuccessAreKept() {
        assertThat(PaymentOutcome.failure("declined").failureReason()).isEqualTo("declined");
        assertThat(PaymentOutcome.success().failureReason()).isNull();
    }
}
