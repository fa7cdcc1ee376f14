package io.rechargenotify.account.reconcile;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One thing window reconciliation found about one recharge: repaired, or a discrepancy for an operator. */
public record Finding(Kind kind, UUID txNo, String accountNo, String detail) {

    @Schema(name = "FindingKind")
    public enum Kind {
        /** SUCCEEDED at the source, not in the ledger: credited by the reconciliation (a repair). */
        MISSING_CREDIT,
        /** In the ledger, unknown to recharge-service. */
        NO_SOURCE_RECORD,
        /** In the ledger, but FAILED or still PENDING at the source. */
        CREDITED_BUT_NOT_SUCCEEDED,
        /** In the ledger with another account, amount or currency than at the source. */
        MISMATCH,
        /** SUCCEEDED at the source and marked applied here, but without a ledger entry. */
        APPLIED_WITHOUT_LEDGER_ENTRY,
        /** SUCCEEDED at the source, recorded here as FAILED. */
        RECORDED_AS_FAILED,
        /** SUCCEEDED at the source, and the ledger refuses it (e.g. the account's currency differs). */
        NOT_CREDITABLE
    }
}
