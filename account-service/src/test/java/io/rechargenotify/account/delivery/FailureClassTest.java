package io.rechargenotify.account.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.shared.event.UnreadableEventException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassTest {

    @Test
    void whatRetryingCannotFixIsPermanent() {
        assertThat(FailureClass.of(new PermanentFailure("unknown account A"))).isEqualTo(FailureClass.PERMANENT);
        assertThat(FailureClass.of(new CompletionException(new UnreadableEventException("not json"))))
                .isEqualTo(FailureClass.PERMANENT);
        assertThat(FailureClass.of(new RuntimeException(new SQLException("numeric field overflow", "22003"))))
                .isEqualTo(FailureClass.PERMANENT);
        assertThat(FailureClass.of(new SQLException("check violation", "23514"))).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void whatMayPassIsTransient() {
        assertThat(FailureClass.of(new SQLException("lock timeout", "55P03"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new SQLException("database does not allow connections", "55000")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new TimeoutException("attempt took too long"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new IllegalStateException("pool closed"))).isEqualTo(FailureClass.TRANSIENT);
    }
}
