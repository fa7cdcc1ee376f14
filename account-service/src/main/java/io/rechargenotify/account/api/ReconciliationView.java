package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rechargenotify.account.reconcile.ReconciliationReport;
import io.rechargenotify.account.reconcile.ReconciliationRun;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reconciliation run and its report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconciliationView(
        long id,
        @Schema(enumeration = { "schedule", "api", "one-shot" }) String trigger,
        String startedBy,
        ReconciliationRun.Status status,
        Instant windowFrom,
        Instant windowTo,
        String runner,
        Instant startedAt,
        @Schema(nullable = true, description = "Null while RUNNING") Instant finishedAt,
        @Schema(nullable = true, description = "Why it FAILED") String error,
        @Schema(nullable = true, description = "Null while RUNNING") ReconciliationReport report) {

    static ReconciliationView of(ReconciliationRun run, ReconciliationReport report) {
        return new ReconciliationView(run.id, run.trigger, run.startedBy, run.status, run.windowFrom, run.windowTo,
                run.runner, run.startedAt, run.finishedAt, run.error, report);
    }
}
