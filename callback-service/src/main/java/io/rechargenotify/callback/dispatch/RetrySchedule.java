package io.rechargenotify.callback.dispatch;

import io.rechargenotify.shared.event.RetryLadder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a delivery is attempted again: the first attempt is immediate, each failed one waits the next delay of the
 * schedule (stretched or shrunk by up to the jitter, so the retries of a burst do not arrive as a burst), and after the
 * last one the delivery is FAILED.
 */
public final class RetrySchedule {

    private final List<Duration> delays;
    private final double jitter;

    private RetrySchedule(List<Duration> delays, double jitter) {
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
    }

    /** Parses "15s,15s,30s,3m" (units s, m, h, d; steps may repeat); jitter is a fraction from 0 to 0.5. */
    public static RetrySchedule parse(String spec, double jitter) {
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("the retry jitter is a fraction from 0 to 0.5, not " + jitter);
        }
        List<Duration> delays = new ArrayList<>();
        for (String step : spec.split(",")) {
            delays.add(RetryLadder.parseDelay(step.strip(), "retry schedule"));
        }
        return new RetrySchedule(delays, jitter);
    }

    public List<Duration> delays() {
        return delays;
    }

    /** Attempts in all: the first and one per delay. */
    public int attempts() {
        return delays.size() + 1;
    }

    /**
     * The pause after failed attempt number {@code attempt} (1 = the first), or empty when it was the last.
     *
     * @param random a value in [0, 1) that places the delay within its jitter
     */
    public Optional<Duration> delayAfter(int attempt, double random) {
        if (attempt < 1 || attempt > delays.size()) {
            return Optional.empty();
        }
        Duration delay = delays.get(attempt - 1);
        double factor = 1 + jitter * (2 * random - 1);
        return Optional.of(Duration.ofMillis(Math.max(0, Math.round(delay.toMillis() * factor))));
    }

    public Optional<Duration> delayAfter(int attempt) {
        return delayAfter(attempt, RandomGenerator.getDefault().nextDouble());
    }
}
