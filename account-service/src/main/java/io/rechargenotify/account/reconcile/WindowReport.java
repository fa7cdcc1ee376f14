package io.rechargenotify.account.reconcile;

import java.util.List;

/**
 * What reconciling one window found. Counts are complete; the lists stop at {@code account.reconciliation.window.
 * max-listed} entries each.
 */
public record WindowReport(
        int sourceRecharges,
        int sourceSucceeded,
        int sourceFailed,
        int unknownAccounts,
        int ledgerEntries,
        int matched,
        int repairedCount,
        int discrepancyCount,
        List<Finding> repaired,
        List<Finding> discrepancies) {
}
