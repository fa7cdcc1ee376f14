package io.rechargenotify.callback.config;

import java.time.Duration;

/** Durations as an operator reads them in a reason or a log line: {@code 5d}, {@code 36h}, {@code 90s}. */
public final class Durations {

    private Durations() {
    }

    public static String words(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return duration.toMillis() % 1000 == 0 ? seconds + "s" : duration.toMillis() + "ms";
    }
}
