package io.rechargenotify.callback.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final String DEFAULT = "15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h";

    @Test
    void theDefaultScheduleIsSixteenAttemptsOverAboutADay() {
        RetrySchedule schedule = RetrySchedule.parse(DEFAULT, 0);
        assertThat(schedule.attempts()).isEqualTo(16);
        Duration total = schedule.delays().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isBetween(Duration.ofHours(24), Duration.ofHours(25));
        assertThat(schedule.delayAfter(1, 0.5)).contains(Duration.ofSeconds(15));
        assertThat(schedule.delayAfter(15, 0.5)).contains(Duration.ofHours(6));
        assertThat(schedule.delayAfter(16, 0.5)).isEmpty();
    }

    @Test
    void jitterStaysWithinItsFraction() {
        RetrySchedule schedule = RetrySchedule.parse("100s", 0.1);
        assertThat(schedule.delayAfter(1, 0.0)).contains(Duration.ofSeconds(90));
        assertThat(schedule.delayAfter(1, 0.999_999)).hasValueSatisfying(delay ->
                assertThat(delay).isBetween(Duration.ofSeconds(109), Duration.ofSeconds(110)));
    }

    @Test
    void malformedSchedulesAreRefused() {
        assertThatThrownBy(() -> RetrySchedule.parse("15s,,3m", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.parse("15", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.parse("15s", 0.9)).isInstanceOf(IllegalArgumentException.class);
    }
}
