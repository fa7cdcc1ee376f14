package io.rechargenotify.account.reconcile;

import java.util.Map;

/**
 * The report of a run: what the stale-pending sweep did (outcome → count) and what the window reconciliation found
 * (null if the run failed before it finished).
 */
public record ReconciliationReport(Map<String, Integer> pendingChecks, WindowReport window) {
}
