package io.rechargenotify.account.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    @Test
    void catchUpHorizonOfAWeekListsItsSevenDaysOldestFirst() {
        List<ReconciliationWindow> windows = ReconciliationWindow.closedWithin(Instant.parse("2026-11-23T00:15:00Z"),
                Duration.ofDays(1), Duration.ofMinutes(10), Duration.ofDays(7));
        assertThat(windows).hasSize(7);
        assertThat(windows.get(0)).isEqualTo(new ReconciliationWindow(Instant.parse("2026-11-16T00:00:00Z"),
                Instant.parse("2026-11-17T00:00:00Z")));
        assertThat(windows.get(6)).isEqualTo(new ReconciliationWindow(Instant.parse("2026-11-22T00:00:00Z"),
                Instant.parse("2026-11-23T00:00:00Z")));
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to());
        }
    }

    @Test
    void catchUpHorizonShorterThanAWindowStillListsTheLastClosedOne() {
        Instant now = Instant.parse("2026-11-23T08:42:10Z");
        assertThat(ReconciliationWindow.closedWithin(now, Duration.ofDays(1), Duration.ofMinutes(10), Duration.ZERO))
                .containsExactly(ReconciliationWindow.lastClosed(now, Duration.ofDays(1), Duration.ofMinutes(10)));
    }
}
