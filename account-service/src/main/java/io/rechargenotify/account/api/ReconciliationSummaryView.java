package io.rechargenotify.account.api;

import io.rechargenotify.account.reconcile.ReconciliationRun;
import io.rechargenotify.account.reconcile.RunSummary;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reconciliation run as listed: what, when, by whom, how it ended, and its report's counts (not the report). */
@Schema(name = "ReconciliationSummary")
public record ReconciliationSummaryView(
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
        @Schema(nullable = true, description = "Findings repaired; null without a window report")
        Integer repairedCount,
        @Schema(nullable = true, description = "Discrepancies left for an operator; null without a window report")
        Integer discrepancyCount) {

    static ReconciliationSummaryView of(RunSummary run) {
        return new ReconciliationSummaryView(run.id(), run.trigger(), run.startedBy(), run.status(), run.windowFrom(),
                run.windowTo(), run.runner(), run.startedAt(), run.finishedAt(), run.error(), run.repaired(),
                run.discrepancies());
    }

    /** A page of runs, newest first. */
    @Schema(name = "ReconciliationPage")
    public record Page(List<ReconciliationSummaryView> items,
            @Schema(nullable = true, description = "The after of the next page; null on the last page") Long next) {

        static Page of(List<RunSummary> runs, int pageSize) {
            List<ReconciliationSummaryView> items = runs.stream().map(ReconciliationSummaryView::of).toList();
            return new Page(items, items.size() == pageSize ? items.get(items.size() - 1).id() : null);
        }
    }
}
