package io.rechargenotify.callback.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void durationsReadAsAnOperatorWroteThem() {
        assertThat(Durations.words(Duration.ofDays(5))).isEqualTo("5d");
        assertThat(Durations.words(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.words(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.words(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.words(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
