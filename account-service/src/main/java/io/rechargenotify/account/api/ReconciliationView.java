package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.account.reconcile.ReconciliationReport;
import io.rechargenotify.account.reconcile.ReconciliationRun;
import java.time.Instant;

/** A reconciliation run and its report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconciliationView(
        long id,
        String trigger,
        String startedBy,
        ReconciliationRun.Status status,
        Instant windowFrom,
        Instant windowTo,
        String runner,
        Instant startedAt,
        Instant finishedAt,
        String error,
        ReconciliationReport report) {

    static ReconciliationView of(ReconciliationRun run, ReconciliationReport report) {
        return new ReconciliationView(run.id, run.trigger, run.startedBy, run.status, run.windowFrom, run.windowTo,
                run.runner, run.startedAt, run.finishedAt, run.error, report);
    }
}
