package io.rechargenotify.account.reconcile;

import java.time.Duration;
import java.time.Instant;

/** A window of completion times, [from, to). */
public record ReconciliationWindow(Instant from, Instant to) {

    /** The latest window of {@code length} (aligned to UTC midnight) that ended at least {@code settle} ago. */
    public static ReconciliationWindow lastClosed(Instant now, Duration length, Duration settle) {
        long lengthSeconds = length.toSeconds();
        long end = Math.floorDiv(now.minus(settle).getEpochSecond(), lengthSeconds) * lengthSeconds;
        return new ReconciliationWindow(Instant.ofEpochSecond(end - lengthSeconds), Instant.ofEpochSecond(end));
    }
}
