package io.rechargenotify.account;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.reconcile.ReconciliationRun;
import io.rechargenotify.account.reconcile.Reconciliations;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Serves, or – with {@code account.reconciliation.one-shot=true} (profile {@code reconcile}, the Kubernetes CronJob)
 * – reconciles every closed window within the catch-up horizon that has no succeeded run, oldest first, and exits:
 * 0 if all completed (or none was left), 1 if any failed or the run could not start. Discrepancies found do not
 * fail it; they are in the stored reports and the metrics.
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
            List<ReconciliationRun> done = reconciliations.catchUp("one-shot");
            if (done.isEmpty()) {
                Log.info("One-shot reconciliation: every closed window within the catch-up horizon is reconciled");
            }
            done.forEach(run -> Log.infof("One-shot reconciliation %d of [%s, %s): %s", run.id, run.windowFrom,
                    run.windowTo, run.status));
            return done.stream().allMatch(run -> run.status == ReconciliationRun.Status.SUCCEEDED) ? 0 : 1;
        } catch (RuntimeException e) {
            Log.errorf("One-shot reconciliation did not run: %s", e.toString());
            return 1;
        }
    }
}
