package io.rechargenotify.shared.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryLadderTest {

    @Test
    void defaultLadderIsTheArticlesOneWithATopicPerStep() {
        RetryLadder ladder = RetryLadder.parse(RetryLadder.DEFAULT);
        assertThat(ladder.delays()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
                Duration.ofHours(5), Duration.ofHours(10));
        assertThat(ladder.topics()).containsExactly("recharge-results.retry-1m", "recharge-results.retry-5m",
                "recharge-results.retry-10m", "recharge-results.retry-30m", "recharge-results.retry-1h",
                "recharge-results.retry-2h", "recharge-results.retry-5h", "recharge-results.retry-10h");
        assertThat(ladder).hasToString(RetryLadder.DEFAULT);
    }

    @Test
    void attemptsWalkTheLadderThenTheDeadLetterTopic() {
        RetryLadder ladder = RetryLadder.parse("2s,90s,60m");
        assertThat(ladder.topics()).containsExactly("recharge-results.retry-2s", "recharge-results.retry-90s",
                "recharge-results.retry-1h");
        assertThat(ladder.stepAfterAttempt(1)).contains(0);
        assertThat(ladder.stepAfterAttempt(3)).contains(2);
        assertThat(ladder.stepAfterAttempt(4)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "5", "0m", "-1m", "5x", "1m,60s", "1.5h" })
    void refusesLaddersThatAreNotAList(String spec) {
        assertThatThrownBy(() -> RetryLadder.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }
}
