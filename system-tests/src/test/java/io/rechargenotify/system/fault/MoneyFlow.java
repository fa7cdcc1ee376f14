package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemApi;
import io.rechargenotify.system.SystemEnv;
import io.rechargenotify.tools.InvariantChecker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The whole system for one fault scenario: databases of its own (created fresh, left behind for a look after a
 * failure), both packaged services as processes on this test JVM's broker, accounts, a load of recharges – and at the
 * end the money invariants over both databases, checked by the operators' own {@link InvariantChecker}.
 *
 * <p>One account in eight starts with {@code DECLINE-}, which the simulated payment channel declines, so FAILED
 * results travel with SUCCEEDED ones.
 */
final class MoneyFlow implements AutoCloseable {

    /** Recharges per scenario: the issue asks for at least 500 in flight while the fault happens. */
    static final int RECHARGES = 600;
    private static final int ACCOUNTS = 40;
    /** How long the system may take to settle after a fault; shorter for runs that expect a scenario to fail. */
    private static final Duration SETTLES_WITHIN = Duration.parse(System.getProperty("fault.settles-within", "PT3M"));

    private final String name;
    private final String rechargeDb;
    private final String accountDb;
    private final Instant startedAt = Instant.now();
    private final List<String> accounts = new ArrayList<>();
    private final List<ServiceProcess> accountServices = new ArrayList<>();
    private ServiceProcess rechargeService;
    private Load load;

    private MoneyFlow(String name) {
        this.name = name;
        this.rechargeDb = "fault_" + name + "_recharge";
        this.accountDb = "fault_" + name + "_account";
    }

    /** Starts recharge-service and one account-service with the scenario's extra settings, and opens the accounts. */
    static MoneyFlow start(String name, Map<String, String> rechargeSettings, Map<String, String> accountSettings) {
        MoneyFlow flow = new MoneyFlow(name);
        try {
            Sql.recreate(flow.rechargeDb);
            Sql.recreate(flow.accountDb);
            Map<String, String> rechargeEnv = new HashMap<>(SystemEnv.forDatabase(flow.rechargeDb));
            rechargeEnv.put("RECHARGE_CHANNEL_DECLINE_ACCOUNT_PREFIX", "DECLINE-");
            // a recharge a crash left PENDING between charge and record is asked about again within seconds
            rechargeEnv.put("RECHARGE_RECOVERY_AFTER", "3s");
            rechargeEnv.put("RECHARGE_RECOVERY_INTERVAL", "1s");
            rechargeEnv.put("RECHARGE_RELAY_BACKOFF_MAX", "2s");
            rechargeEnv.putAll(rechargeSettings);
            flow.rechargeService = ServiceProcess.start("recharge-service", name + "-recharge-service", rechargeEnv);
            flow.startAccountService(accountSettings);
            for (int i = 0; i < ACCOUNTS; i++) {
                flow.accounts.add(SystemApi.openAccount(flow.accountService(), i % 8 == 7 ? "DECLINE" : "F" + i));
            }
            return flow;
        } catch (RuntimeException e) {
            flow.close();
            throw e;
        }
    }

    static MoneyFlow start(String name) {
        return start(name, Map.of(), Map.of());
    }

    /**
     * account-service as a scenario runs it: retries 1s…30s (about a minute in all, longer than any fault here), the
     * scheduled window reconciliation off (it would hide a lost notification; scenario 7 asks for a run), stale
     * pending recharges asked about within seconds ({@link SystemEnv#reconcilingWithin}), a killed consumer's
     * partitions reassigned within 10 s.
     */
    private void startAccountService(Map<String, String> settings) {
        Map<String, String> env = SystemEnv.reconcilingWithin(rechargeService, accountDb);
        env.put("ACCOUNT_RETRY_LADDER", "1s,2s,4s,8s,15s,30s");
        env.put("KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "10000");
        env.putAll(settings);
        accountServices.add(ServiceProcess.start("account-service", name + "-account-service", env));
    }

    ServiceProcess rechargeService() {
        return rechargeService;
    }

    ServiceProcess accountService() {
        return accountServices.get(0);
    }

    List<String> accounts() {
        return accounts;
    }

    String rechargeDb() {
        return rechargeDb;
    }

    String accountDb() {
        return accountDb;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** Starts {@link #RECHARGES} recharges taken directly by recharge-service, in the background. */
    Load postRecharges() {
        load = Load.toRechargeService(rechargeService.baseUrl(), accounts, RECHARGES);
        return load;
    }

    /** Starts {@code count} recharges asked for by the accounts through account-service, in the background. */
    Load startAccountRecharges(int count) {
        load = Load.toAccountService(accountService().baseUrl(), accounts, count);
        return load;
    }

    /** Waits until at least {@code n} recharges are credited: the stream is that far along. */
    void awaitCredited(long n) {
        Awaitility.await(n + " credited").atMost(SETTLES_WITHIN).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> credited() >= n);
    }

    /** Waits until recharge-service has decided every recharge it took (none left PENDING). */
    void awaitAllDecided() {
        Awaitility.await("every recharge decided").atMost(SETTLES_WITHIN).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> Sql.count(rechargeDb,
                        "SELECT count(*) FROM recharge WHERE status = 'PENDING'") == 0);
    }

    /**
     * Waits until every recharge is decided and the invariants hold over both databases: balances equal opening plus
     * ledger, no txNo credited twice, every SUCCEEDED recharge credited, nothing credited that did not succeed,
     * account-initiated recharges resolved as recharge-service decided. Fails listing the discrepancies left.
     */
    void assertInvariantsHold() {
        awaitAllDecided();
        AtomicReference<List<String>> found = new AtomicReference<>(List.of());
        try {
            Awaitility.await("invariants hold").atMost(SETTLES_WITHIN).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        found.set(discrepancies());
                        return found.get().isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            List<String> left = found.get();
            throw new AssertionError(name + ": " + left.size() + " discrepancies after " + SETTLES_WITHIN + ":\n  "
                    + String.join("\n  ", left.subList(0, Math.min(left.size(), 20))), e);
        }
    }

    private List<String> discrepancies() throws SQLException {
        try (Connection recharge = TestDatabases.connect(rechargeDb);
                Connection account = TestDatabases.connect(accountDb)) {
            return new InvariantChecker(recharge, account).check(Instant.now());
        }
    }

    long credited() {
        return Sql.count(accountDb, "SELECT count(*) FROM ledger_entry");
    }

    /** Deliveries the running account-service instances found applied before and left alone. */
    long duplicatesSuppressed() {
        return (long) accountServices.stream().filter(ServiceProcess::isRunning)
                .mapToDouble(s -> SystemApi.metric(s, "recharge_results_applied_total{outcome=\"duplicate\""))
                .sum();
    }

    /** Waits until at least {@code n} deliveries were suppressed as duplicates: every copy has arrived. */
    void awaitDuplicatesSuppressed(long n) {
        Awaitility.await(n + " duplicates suppressed").atMost(SETTLES_WITHIN).pollInterval(Duration.ofMillis(200))
                .until(() -> duplicatesSuppressed() >= n);
    }

    /** The scenario's counts, printed for the CI log. */
    Counts report() {
        Counts counts = new Counts(load == null ? 0 : load.accepted(), load == null ? 0 : load.resent(),
                Sql.count(rechargeDb, "SELECT count(*) FROM recharge WHERE status = 'SUCCEEDED'"),
                Sql.count(rechargeDb, "SELECT count(*) FROM recharge WHERE status = 'FAILED'"),
                credited(), duplicatesSuppressed(),
                Sql.count(accountDb, "SELECT count(*) FROM dead_letter"),
                Sql.count(accountDb, "SELECT count(*) FROM ledger_entry WHERE source = 'retry'"),
                Sql.count(accountDb, "SELECT count(*) FROM ledger_entry WHERE source = 'reconciliation'"),
                Duration.between(startedAt, Instant.now()));
        System.out.println("[fault " + name + "] " + counts);
        return counts;
    }

    @Override
    public void close() {
        if (load != null) {
            load.close();
        }
        accountServices.forEach(ServiceProcess::close);
        ServiceProcess.closeAll(rechargeService);
    }

    /**
     * What a scenario did. Duplicates suppressed are counted by the account-service instances running at the end
     * (a killed instance's counters die with it).
     */
    record Counts(int sent, int resent, long succeeded, long failed, long credited, long duplicatesSuppressed,
            long deadLettered, long creditedOnRetry, long repaired, Duration took) {

        @Override
        public String toString() {
            return ("sent=%d (resent %d) succeeded=%d failed=%d credited=%d duplicatesSuppressed=%d deadLettered=%d "
                    + "creditedOnRetry=%d repaired=%d took=%ds").formatted(sent, resent, succeeded, failed, credited,
                            duplicatesSuppressed, deadLettered, creditedOnRetry, repaired, took.toSeconds());
        }
    }
}
