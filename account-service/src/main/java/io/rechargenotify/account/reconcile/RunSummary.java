package io.rechargenotify.account.reconcile;

import java.time.Instant;

/**
 * A reconciliation run as listed: the run without its report, with the report's counts (read in the database, so a
 * page of runs does not carry a page of reports).
 *
 * @param repaired null while RUNNING or when the run failed before its window's report
 * @param discrepancies null likewise
 */
public record RunSummary(long id, String trigger, String startedBy, ReconciliationRun.Status status,
        Instant windowFrom, Instant windowTo, String runner, Instant startedAt, Instant finishedAt, String error,
        Integer repaired, Integer discrepancies) {
}
