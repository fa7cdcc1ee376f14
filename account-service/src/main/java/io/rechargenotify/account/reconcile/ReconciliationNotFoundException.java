package io.rechargenotify.account.reconcile;

/** No reconciliation run has this id. */
public class ReconciliationNotFoundException extends RuntimeException {

    public ReconciliationNotFoundException(long id) {
        super("no reconciliation run " + id);
    }
}
