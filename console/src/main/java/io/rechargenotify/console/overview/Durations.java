package io.rechargenotify.console.overview;

import java.util.Locale;

/** Ages as an operator reads them: "none", "42 s", "7 min", "3.5 h". */
final class Durations {

    private Durations() {
    }

    static String words(double seconds) {
        if (seconds <= 0) {
            return "none";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
