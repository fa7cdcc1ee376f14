package io.rechargenotify.account;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.reconcile.ReconciliationRun;
import io.rechargenotify.account.reconcile.Reconciliations;
import jakarta.inject.Inject;

/**
 * Serves, or – with {@code account.reconciliation.one-shot=true} (profile {@code reconcile}, the Kubernetes CronJob)
 * – runs one reconciliation of the last closed window and exits: 0 if it completed, 1 if it failed or could not
 * start. Discrepancies found do not fail it; they are in the stored report and the metrics.
 */
@QuarkusMain
public class AccountServiceMain implements QuarkusApplication {

    @Inject
    AccountConfig config;

    @Inject
    Reconciliations reconciliations;

    @Override
    public int run(String... args) {
        if (!config.reconciliation().oneShot()) {
            Quarkus.waitForExit();
            return 0;
        }
        try {
            ReconciliationRun run = reconciliations.run("one-shot", reconciliations.lastClosedWindow());
            Log.infof("One-shot reconciliation %d of [%s, %s): %s", run.id, run.windowFrom, run.windowTo,
                    run.status);
            return run.status == ReconciliationRun.Status.SUCCEEDED ? 0 : 1;
        } catch (RuntimeException e) {
            Log.errorf("One-shot reconciliation did not run: %s", e.toString());
            return 1;
        }
    }
}
