package io.rechargenotify.system.hostile;

import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemApi;
import io.rechargenotify.system.SystemEnv;
import io.rechargenotify.tools.InvariantChecker;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The system a hostile-record scenario runs against: databases of its own (created fresh, left behind for a look
 * after a failure), the topics created up front on this test JVM's own broker, both packaged services as processes,
 * and a few CNY accounts. account-service walks a short retry ladder and runs no scheduled window reconciliation
 * (that would repair what the notifications missed and hide it).
 */
final class HostileSystem implements AutoCloseable {

    static final String MAIN_GROUP = "account-service";
    static final String RETRY_GROUP = "account-service-retry";
    static final String DEAD_LETTER_GROUP = "account-service-dead-letters";
    /** The local broker's partition count, and so one main-topic consumer per partition. */
    private static final int PARTITIONS = 6;

    private final String rechargeDb;
    private final String accountDb;
    private final RetryLadder ladder;
    private final List<String> accounts = new ArrayList<>();
    private final ConsumerGroups groups;
    private ServiceProcess rechargeService;
    private ServiceProcess accountService;

    private HostileSystem(String name, String ladder) {
        this.rechargeDb = name + "_recharge";
        this.accountDb = name + "_account";
        this.ladder = RetryLadder.parse(ladder);
        this.groups = new ConsumerGroups(Map.of(
                MAIN_GROUP, List.of(Topics.RECHARGE_RESULTS),
                RETRY_GROUP, this.ladder.topics(),
                DEAD_LETTER_GROUP, List.of(Topics.RECHARGE_RESULTS_DLT)));
    }

    static HostileSystem start(String name, String ladder, int accounts) {
        HostileSystem system = new HostileSystem(name, ladder);
        try {
            Sql.recreate(system.rechargeDb);
            Sql.recreate(system.accountDb);
            List<String> topics = new ArrayList<>(List.of(Topics.RECHARGE_RESULTS, Topics.RECHARGE_RESULTS_DLT));
            topics.addAll(system.ladder.topics());
            system.groups.createTopics(topics, PARTITIONS);

            Map<String, String> rechargeEnv = new HashMap<>(SystemEnv.forDatabase(system.rechargeDb));
            rechargeEnv.put("RECHARGE_RECOVERY_AFTER", "3s");
            rechargeEnv.put("RECHARGE_RECOVERY_INTERVAL", "1s");
            rechargeEnv.put("RECHARGE_RELAY_BACKOFF_MAX", "2s");
            system.rechargeService = ServiceProcess.start("recharge-service", name + "-recharge-service",
                    rechargeEnv);

            Map<String, String> accountEnv = SystemEnv.reconcilingWithin(system.rechargeService, system.accountDb);
            accountEnv.put("ACCOUNT_RETRY_LADDER", ladder);
            accountEnv.put("ACCOUNT_CONSUMER_CONCURRENCY", Integer.toString(PARTITIONS));
            system.accountService = ServiceProcess.start("account-service", name + "-account-service", accountEnv);
            for (int i = 0; i < accounts; i++) {
                system.accounts.add(SystemApi.openAccount(system.accountService, "H" + i));
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    ServiceProcess rechargeService() {
        return rechargeService;
    }

    ServiceProcess accountService() {
        return accountService;
    }

    List<String> accounts() {
        return accounts;
    }

    RetryLadder ladder() {
        return ladder;
    }

    ConsumerGroups groups() {
        return groups;
    }

    /** The members account-service's consumers should have: one per main-topic partition, one retry, one recorder. */
    static Map<String, Integer> expectedMembers() {
        return Map.of(MAIN_GROUP, PARTITIONS, RETRY_GROUP, 1, DEAD_LETTER_GROUP, 1);
    }

    /** Every discrepancy the operators' invariant checker finds over both databases now. */
    List<String> discrepancies() throws SQLException {
        try (Connection recharge = TestDatabases.connect(rechargeDb);
                Connection account = TestDatabases.connect(accountDb)) {
            return new InvariantChecker(recharge, account).check(Instant.now());
        }
    }

    /** Each account whose balance differs from what it should have been credited, with both amounts. */
    Map<String, String> balancesOtherThan(Map<String, BigDecimal> expected) {
        Map<String, String> wrong = new TreeMap<>();
        for (String account : accounts) {
            BigDecimal should = expected.getOrDefault(account, BigDecimal.ZERO);
            BigDecimal is = SystemApi.balance(accountService, account);
            if (is.compareTo(should) != 0) {
                wrong.put(account, "balance " + is + ", expected " + should);
            }
        }
        return wrong;
    }

    /** Ledger entries: results credited. */
    long credited() {
        return Sql.count(accountDb, "SELECT count(*) FROM ledger_entry");
    }

    /** Stops account-service like a rolling update does (SIGTERM, waiting for it to exit) and starts it again. */
    void restartAccountService() {
        accountService.close();
        accountService.restart();
    }

    /**
     * Waits until {@code deadline} (at least a second) for {@code condition}; false if it did not come true, so a
     * scenario can go on and report everything it found instead of only the first thing that did not settle. The
     * waits of one phase share a deadline, so a run against a broken service fails within that one budget.
     */
    static boolean settles(String what, Instant deadline, Callable<Boolean> condition) {
        Duration left = Duration.between(Instant.now(), deadline);
        try {
            Awaitility.await(what).atMost(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left)
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Every partition of account-service's consumer groups committed to its end by {@code deadline}, and the groups
     * still have the members they started with: a new id is a consumer that was recreated or evicted.
     */
    void assertCaughtUp(SoftAssertions softly, String what, Instant deadline, Map<String, Set<String>> membersAtStart) {
        boolean caughtUp = settles(what, deadline, () -> groups.lag().isEmpty());
        softly.assertThat(caughtUp ? Map.of() : groups.lag())
                .as("partitions whose committed offset is behind the end").isEmpty();
        softly.assertThat(groups.members()).as("consumer group members (a new id is a consumer "
                + "that was recreated or evicted)").isEqualTo(membersAtStart);
    }

    /** The first {@code n} of a list, and how many more there are: enough to see what went wrong. */
    static List<String> firstOf(List<String> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<String> first = new ArrayList<>(all.subList(0, n));
        first.add("… and " + (all.size() - n) + " more");
        return first;
    }

    @Override
    public void close() {
        ServiceProcess.closeAll(accountService, rechargeService);
        groups.close();
    }
}
