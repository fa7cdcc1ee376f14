package io.rechargenotify.account.ledger;

import java.util.UUID;

/** No ledger entry has this txNo: no result of it credited an account (yet). */
public class LedgerEntryNotFoundException extends RuntimeException {

    public LedgerEntryNotFoundException(UUID txNo) {
        super("no ledger entry has txNo " + txNo);
    }
}
