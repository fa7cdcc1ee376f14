package io.rechargenotify.recharge.outbox;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a publish failure the broker will never accept (park the row) from one that may pass later (retry it), and a
 * pass that hung (ran out of time) from one that failed.
 */
final class PublishFailures {

    /** Kafka errors about the record itself: sending the same bytes again cannot succeed. */
    private static final List<Class<? extends Throwable>> PERMANENT = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, InvalidRecordException.class,
            SerializationException.class);

    /** Postgres cancelled the statement: query_canceled (statement_timeout), lock_not_available (lock_timeout). */
    private static final Set<String> TIMED_OUT_STATES = Set.of("57014", "55P03");

    private PublishFailures() {
    }

    /** True if the pass ran out of time: its own timeout, or Postgres cancelled one of its statements. */
    static boolean isHung(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The pool reports a PgException; Hibernate Reactive converts it to an SQLException with the same state.
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof PgException pg && TIMED_OUT_STATES.contains(pg.getSqlState())
                    || t instanceof SQLException sql && TIMED_OUT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True if this failure, or any cause of it, is about the record. Everything else (timeouts, a broker that is
     * down, authorisation not yet granted) is transient: the row stays and the relay backs off.
     */
    static boolean isPermanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Throwable cause = t;
            if (PERMANENT.stream().anyMatch(kind -> kind.isInstance(cause))) {
                return true;
            }
        }
        return false;
    }

    /** One line for the outbox row and the log: the innermost message, no stack. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
