package io.rechargenotify.recharge.outbox;

import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** Tells a publish failure the broker will never accept (park the row) from one that may pass later (retry it). */
final class PublishFailures {

    /** Kafka errors about the record itself: sending the same bytes again cannot succeed. */
    private static final List<Class<? extends Throwable>> PERMANENT = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, InvalidRecordException.class,
            SerializationException.class);

    private PublishFailures() {
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
