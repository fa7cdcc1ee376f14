package io.rechargenotify.shared.time;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reads a timestamp column of a native query, whichever Java type the driver chose for it. */
public final class SqlTimes {

    private SqlTimes() {
    }

    /** The instant of a timestamptz value (Instant, OffsetDateTime or Timestamp), or null. */
    public static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
