package io.rechargenotify.account.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconciliationWindowTest {

    @Test
    void lastClosedDayIsYesterdayOnceTheSettlingTimeHasPassed() {
        ReconciliationWindow window = ReconciliationWindow.lastClosed(Instant.parse("2026-11-23T00:15:00Z"),
                Duration.ofDays(1), Duration.ofMinutes(10));
        assertThat(window).isEqualTo(new ReconciliationWindow(Instant.parse("2026-11-22T00:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z")));
    }

    @Test
    void dayJustEndedIsNotClosedWhileItsResultsMayStillArrive() {
        ReconciliationWindow window = ReconciliationWindow.lastClosed(Instant.parse("2026-11-23T00:05:00Z"),
                Duration.ofDays(1), Duration.ofMinutes(10));
        assertThat(window.to()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    }

    @Test
    void hourlyWindowsAlignToTheHour() {
        ReconciliationWindow window = ReconciliationWindow.lastClosed(Instant.parse("2026-11-23T08:42:10Z"),
                Duration.ofHours(1), Duration.ofMinutes(10));
        assertThat(window).isEqualTo(new ReconciliationWindow(Instant.parse("2026-11-23T07:00:00Z"),
                Instant.parse("2026-11-23T08:00:00Z")));
    }
}
