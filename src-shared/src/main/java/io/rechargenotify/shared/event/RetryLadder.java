package io.rechargenotify.shared.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The widening delays of repeated notification (消息重复通知), one retry topic per step, then the dead-letter topic.
 * The articles' default is 1m, 5m, 10m, 30m, 1h, 2h, 5h, 10h; step names ("5m") become topic names
 * ({@code recharge-results.retry-5m}), so the services and the Kafka topic definitions agree.
 */
public final class RetryLadder {

    public static final String DEFAULT = "1m,5m,10m,30m,1h,2h,5h,10h";

    private final List<Duration> delays;

    private RetryLadder(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** Parses "1m,5m,1h" (units s, m, h, d); each step strictly longer than zero, names unique. */
    public static RetryLadder parse(String spec) {
        List<Duration> delays = new ArrayList<>();
        for (String step : spec.split(",")) {
            delays.add(parseStep(step.trim()));
        }
        if (delays.stream().map(RetryLadder::name).distinct().count() != delays.size()) {
            throw new IllegalArgumentException("retry ladder steps must be distinct: " + spec);
        }
        return new RetryLadder(delays);
    }

    public List<Duration> delays() {
        return Collections.unmodifiableList(delays);
    }

    public int size() {
        return delays.size();
    }

    /** The topic of step {@code index} (0-based). */
    public String topic(int index) {
        return Topics.retry(name(delays.get(index)));
    }

    public List<String> topics() {
        return delays.stream().map(delay -> Topics.retry(name(delay))).toList();
    }

    /** The step after a failed attempt number {@code attempt} (1 = the first delivery), or empty: dead letter. */
    public Optional<Integer> stepAfterAttempt(int attempt) {
        return attempt >= 1 && attempt <= delays.size() ? Optional.of(attempt - 1) : Optional.empty();
    }

    /** "90s" stays "90s", "3600s" becomes "1h": the largest unit that divides the delay. */
    public static String name(Duration delay) {
        long seconds = delay.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Duration parseStep(String step) {
        Duration delay = parseDelay(step, "retry ladder");
        if (delay.isZero()) {
            throw new IllegalArgumentException("a retry ladder step must be longer than nothing; got '" + step + "'");
        }
        return delay;
    }

    /**
     * One delay of a retry plan as operators write it: a whole number and a unit s, m, h or d ({@code 15s}, {@code 3h}),
     * up to six digits. Shared with callback-service's schedule so both read the same way.
     */
    public static Duration parseDelay(String step, String plan) {
        if (!step.matches("[0-9]{1,6}[smhd]")) {
            throw new IllegalArgumentException("a " + plan + " step is a whole number and a unit s, m, h or d, such"
                    + " as 5m; got '" + step + "'");
        }
        long amount = Long.parseLong(step.substring(0, step.length() - 1));
        return switch (step.charAt(step.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    @Override
    public String toString() {
        return String.join(",", delays.stream().map(RetryLadder::name).toList());
    }
}
