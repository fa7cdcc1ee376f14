package io.rechargenotify.account.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.rechargenotify.account.deadletter.DeadLetterService;
import io.rechargenotify.account.ledger.Applied;
import io.rechargenotify.account.reconcile.Finding;
import io.rechargenotify.account.reconcile.ReconciliationReport;
import io.rechargenotify.account.reconcile.WindowReport;

/**
 * Bodies a native executable must (de)serialise although no REST signature names them: views returned inside a
 * Response, and the reconciliation report, stored as JSON by the application's mapper.
 */
@RegisterForReflection(targets = { AccountView.class, AccountRechargeView.class, LedgerEntryView.class,
        DeadLetterView.class, ReconciliationView.class, DeadLetterService.ReplaySummary.class,
        DeadLetterService.ReplaySummary.Outcome.class, Applied.class, ReconciliationReport.class, WindowReport.class,
        Finding.class, Finding.Kind.class })
final class ApiReflection {

    private ApiReflection() {
    }
}
