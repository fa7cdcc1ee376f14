package io.rechargenotify.account.reconcile;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The report of a run: what the stale-pending sweep did (outcome → count) and what the window reconciliation found
 * (null if the run failed before it finished).
 */
public record ReconciliationReport(
        @Schema(description = "Count per outcome of the stale-pending checks (credited, still-pending, ...)")
        Map<String, Integer> pendingChecks,
        @Schema(nullable = true, description = "Null if the run failed before the window was reconciled")
        WindowReport window) {
}
