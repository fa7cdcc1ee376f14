package io.rechargenotify.account.ledger;

import java.util.Locale;

/** What delivered the recharge result that credited an entry. */
public enum LedgerSource {
    NOTIFICATION,
    RETRY,
    RECONCILIATION,
    REPLAY;

    /** The lower-case name stored in the ledger and shown by the API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
