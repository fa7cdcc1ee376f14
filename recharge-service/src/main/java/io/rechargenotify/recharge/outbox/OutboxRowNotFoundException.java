package io.rechargenotify.recharge.outbox;

/** No outbox row has this id (never, or published and removed by retention since). */
public class OutboxRowNotFoundException extends RuntimeException {

    public OutboxRowNotFoundException(long id) {
        super("No outbox row " + id + " (published rows are removed after the retention period)");
    }
}
