package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fresh results never wait behind retries: with a ladder step of 30 s (a due time may be at most one step after a
 * record was written), a thousand records waiting on that step do not delay a new result on the main topic.
 */
@QuarkusTest
@TestProfile(RetryBacklogTest.LongStep.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class RetryBacklogTest {

    public static class LongStep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("account.retry.ladder", "1s,30s");
        }
    }

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void freshRecordIsCreditedWhileAThousandRetriesWait() {
        // The consumers hold their partitions before the clock starts: this measures waiting, not a first rebalance.
        String warmUp = openAccount("CNY");
        publish(succeeded(warmUp, "1.00", "CNY"));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(balance(warmUp)).isEqualByComparingTo("1.00"));

        Instant due = Instant.now().plusSeconds(20);
        Set<String> waiting = new HashSet<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RechargeResultEvent event = succeeded("WAITING-" + i, "1.00", "CNY");
            waiting.add(event.txNo().toString());
            ProducerRecord<String, String> record = new ProducerRecord<>("recharge-results.retry-30s", event.key(),
                    EventCodec.encode(event));
            record.headers().add(EventHeaders.ATTEMPT, "2".getBytes(StandardCharsets.UTF_8));
            record.headers().add(EventHeaders.DUE_AT, due.toString().getBytes(StandardCharsets.UTF_8));
            records.add(TestEventKeys.signed(record));
        }
        TopicProbe.publishAll(records);

        String accountNo = openAccount("CNY");
        publish(succeeded(accountNo, "3.00", "CNY"));
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("3.00"));
        assertThat(Instant.now()).as("credited before the waiting records fell due").isBefore(due);
        // Not one of them was attempted early: an attempt would have sent it (unknown account) to the DLT.
        assertThat(TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS_DLT,
                record -> record.value() != null && waiting.stream().anyMatch(record.value()::contains), 0,
                Duration.ofSeconds(1))).isEmpty();
    }

}
