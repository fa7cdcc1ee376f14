package io.rechargenotify.account.reconcile;

import java.util.ArrayList;
import java.util.List;

/** Counts one window reconciliation as it goes; bounded lists, so a window with millions of findings fits. */
final class WindowTally {

    private final int maxListed;
    int sourceRecharges;
    int sourceSucceeded;
    int sourceFailed;
    int unknownAccounts;
    int ledgerEntries;
    int matched;
    private int repairedCount;
    private int discrepancyCount;
    private final List<Finding> repaired = new ArrayList<>();
    private final List<Finding> discrepancies = new ArrayList<>();

    WindowTally(int maxListed) {
        this.maxListed = maxListed;
    }

    void repaired(Finding finding) {
        repairedCount++;
        if (repaired.size() < maxListed) {
            repaired.add(finding);
        }
    }

    void discrepancy(Finding finding) {
        discrepancyCount++;
        if (discrepancies.size() < maxListed) {
            discrepancies.add(finding);
        }
    }

    int discrepancyCount() {
        return discrepancyCount;
    }

    int repairedCount() {
        return repairedCount;
    }

    WindowReport report() {
        return new WindowReport(sourceRecharges, sourceSucceeded, sourceFailed, unknownAccounts, ledgerEntries,
                matched, repairedCount, discrepancyCount, List.copyOf(repaired), List.copyOf(discrepancies));
    }
}
