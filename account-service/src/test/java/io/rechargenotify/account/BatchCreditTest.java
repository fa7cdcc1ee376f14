package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.awaitDeadLetters;
import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main topic is applied a poll at a time: the records of one partition in one ledger transaction. A burst of
 * results is credited in fewer transactions than records, every amount exactly once, and one result that cannot be
 * applied (an unknown account) in the middle of the burst is dead-lettered alone while the others of its poll are
 * credited one at a time.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class BatchCreditTest {

    private static final int RESULTS = 300;
    private static final int ACCOUNTS = 12;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void aBurstIsCreditedTogetherExactlyOnceAndAPoisonResultAlone() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(openAccount("CNY"));
        }
        String unknown = "T-UNKNOWN-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, BigDecimal> expected = new HashMap<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < RESULTS; i++) {
            String accountNo = accounts.get(i % ACCOUNTS);
            BigDecimal amount = new BigDecimal(i % 7 + 1 + ".25");
            expected.merge(accountNo, amount, BigDecimal::add);
            records.add(record(succeeded(accountNo, amount.toPlainString(), "CNY")));
            if (i == RESULTS / 2) {
                records.add(record(succeeded(unknown, "5.00", "CNY")));
            }
        }
        // the consumer registers it on its first poll; asking for it first gives the same summary
        DistributionSummary together = meters.summary("recharge.results.applied.together");
        long transactionsBefore = together.count();
        double recordsBefore = together.totalAmount();

        TopicProbe.publishAll(records);

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                expected.forEach((accountNo, total) -> assertThat(balance(accountNo)).as(accountNo)
                        .isEqualByComparingTo(total)));
        assertThat(awaitDeadLetters(unknown, 1)).singleElement()
                .satisfies(letter -> assertThat(letter.get("lastError").toString()).contains("unknown account"));
        long transactions = together.count() - transactionsBefore;
        double appliedTogether = together.totalAmount() - recordsBefore;
        assertThat(appliedTogether).as("records applied in %d shared transactions", transactions)
                .isGreaterThan(transactions);
        // Still exactly once: a second look changes nothing.
        expected.forEach((accountNo, total) -> assertThat(balance(accountNo)).isEqualByComparingTo(total));
    }

    private static ProducerRecord<String, String> record(RechargeResultEvent event) {
        return TestEventKeys.signed(new ProducerRecord<>(Topics.RECHARGE_RESULTS, event.key(),
                EventCodec.encode(event)));
    }
}
