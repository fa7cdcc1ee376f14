package io.rechargenotify.recharge.outbox;

/** The row is not parked: it was published, or is waiting for the relay anyway. */
public class OutboxRowNotParkedException extends RuntimeException {

    public OutboxRowNotParkedException(OutboxRecord row) {
        super("Outbox row " + row.id + " is not parked: " + (row.publishedAt != null
                ? "it was published at " + row.publishedAt : "it is waiting for the relay"));
    }
}
