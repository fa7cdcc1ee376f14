package io.rechargenotify.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes CronJob's mode: account-service started with profile {@code reconcile} reconciles every closed
 * window of the catch-up horizon that has no succeeded run and exits, 0 when all completed and non-zero when
 * recharge-service could not be asked.
 */
class OneShotReconciliationIT {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(120);

    private static ServiceProcess rechargeService;

    @BeforeAll
    static void startRechargeService() {
        rechargeService = ServiceProcess.start("recharge-service", "recharge-service-one-shot",
                SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
    }

    @AfterAll
    static void stopRechargeService() {
        ServiceProcess.closeAll(rechargeService);
    }

    @Test
    void exitsZeroOnceEveryClosedDayOfTheHorizonIsReconciled() {
        // The days as the run saw them, even when 00:10 UTC passes while it runs.
        Timestamp started = Timestamp.from(Instant.now());
        int exit = ServiceProcess.runToExit("account-service", "account-service-one-shot-ok",
                oneShotEnv(rechargeService.baseUrl()), EXIT_WITHIN);
        assertThat(exit).isZero();
        // The default horizon, a week: each of its seven closed days has a succeeded run (this one's or earlier).
        assertThat(Sql.count(SystemEnv.ACCOUNT_DB, """
                SELECT count(DISTINCT window_from) FROM reconciliation_run
                WHERE status = 'SUCCEEDED' AND window_to - window_from = interval '1 day'
                  AND window_to <= date_trunc('day', ?::timestamptz - interval '10 minutes', 'UTC')
                  AND window_from >= date_trunc('day', ?::timestamptz - interval '10 minutes', 'UTC')
                                     - interval '7 days'""", started, started)
        ).isEqualTo(7);
    }

    @Test
    void exitsNonZeroWhenRechargeServiceIsDown() throws Exception {
        long before = runs("one-shot", "FAILED");
        Map<String, String> env = oneShotEnv("http://127.0.0.1:" + closedPort());
        // Five-minute windows, and only the last closed one: windows nothing else reconciles, so there is always
        // exactly one left to fail, whichever test ran first.
        env.put("ACCOUNT_RECONCILIATION_WINDOW_LENGTH", "PT5M");
        env.put("ACCOUNT_RECONCILIATION_WINDOW_CATCH_UP", "PT5M");
        int exit = ServiceProcess.runToExit("account-service", "account-service-one-shot-down", env, EXIT_WITHIN);
        assertThat(exit).isNotZero();
        assertThat(runs("one-shot", "FAILED")).isEqualTo(before + 1);
    }

    private static Map<String, String> oneShotEnv(String rechargeApiUrl) {
        Map<String, String> env = new HashMap<>(SystemEnv.forDatabase(SystemEnv.ACCOUNT_DB));
        env.put("QUARKUS_PROFILE", "reconcile");
        env.put("RECHARGE_API_URL", rechargeApiUrl);
        return env;
    }

    private static long runs(String trigger, String status) {
        return Sql.count(SystemEnv.ACCOUNT_DB,
                "SELECT count(*) FROM reconciliation_run WHERE trigger = ? AND status = ?", trigger, status);
    }

    /** A port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
