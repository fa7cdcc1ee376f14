package io.rechargenotify.account.reconcile;

/** Another runner holds the reconciliation lease; two runs never overlap. */
public class ReconciliationBusyException extends RuntimeException {

    public ReconciliationBusyException(String message) {
        super(message);
    }
}
