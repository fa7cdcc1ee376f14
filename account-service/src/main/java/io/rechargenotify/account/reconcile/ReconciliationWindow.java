package io.rechargenotify.account.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A window of completion times, [from, to). */
public record ReconciliationWindow(Instant from, Instant to) {

    /** The latest window of {@code length} (aligned to UTC midnight) that ended at least {@code settle} ago. */
    public static ReconciliationWindow lastClosed(Instant now, Duration length, Duration settle) {
        long lengthSeconds = length.toSeconds();
        long end = Math.floorDiv(now.minus(settle).getEpochSecond(), lengthSeconds) * lengthSeconds;
        return new ReconciliationWindow(Instant.ofEpochSecond(end - lengthSeconds), Instant.ofEpochSecond(end));
    }

    /**
     * The closed windows that start no earlier than {@code horizon} before the end of the last closed one, oldest
     * first; at least the last closed window.
     */
    public static List<ReconciliationWindow> closedWithin(Instant now, Duration length, Duration settle,
            Duration horizon) {
        ReconciliationWindow last = lastClosed(now, length, settle);
        Instant earliest = last.to().minus(horizon);
        List<ReconciliationWindow> windows = new ArrayList<>();
        for (ReconciliationWindow window = last; windows.isEmpty() || !window.from().isBefore(earliest);
                window = new ReconciliationWindow(window.from().minus(length), window.from())) {
            windows.add(0, window);
        }
        return windows;
    }
}
