package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.kafkabroker.KafkaBrokerProcess;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox relay against the real broker and Postgres: outages, poison rows, order. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class OutboxRelayTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void brokerOutageKeepsRowsAndPublishesEveryOneOnceInKeyOrderWhenItReturns() {
        KafkaBrokerProcess broker = TestKafka.ownBroker().orElse(null);
        assumeTrue(broker != null, "needs the test's own broker to stop it");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accounts.add(freshAccount("OUT"));
        }
        List<UUID> txNos = new ArrayList<>();
        broker.stop();
        try {
            for (int i = 0; i < 200; i++) {
                txNos.add(RechargeRequests.post(accounts.get(i % accounts.size()), "1.00"));
            }
            assertThat(RechargeDb.unpublished(txNos)).isEqualTo(200);
            // Down long enough for a publish attempt to fail (rows keep their error) and the relay to back off.
            Awaitility.await().atMost(PUBLISH_TIMEOUT).until(() -> RechargeDb.failedAttempts(txNos) > 0);
            assertThat(RechargeDb.unpublished(txNos)).isEqualTo(200);
        } finally {
            broker.restart();
        }

        Awaitility.await().atMost(PUBLISH_TIMEOUT).until(() -> RechargeDb.published(txNos) == 200);

        Set<String> wanted = txNos.stream().map(UUID::toString).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> records = TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS,
                record -> record.value().length() > 36 && wanted.contains(txNoOf(record)), 200,
                PUBLISH_TIMEOUT);
        Map<UUID, Long> copies = records.stream().collect(Collectors.groupingBy(
                record -> EventCodec.decode(record.value()).txNo(), Collectors.counting()));
        assertThat(copies).hasSize(200);
        assertThat(copies.values()).as("each result published once").containsOnly(1L);
        assertThat(records).as("each result signed over its exact payload").allSatisfy(record ->
                EventSignature.verify(new String(record.headers().lastHeader(EventHeaders.SIGNATURE).value(),
                        StandardCharsets.UTF_8), record.value(), Map.of(TestEventKeys.KEY_ID, TestEventKeys.KEY)));
        for (String account : accounts) {
            List<UUID> topicOrder = records.stream().filter(record -> record.key().equals(account))
                    .map(record -> EventCodec.decode(record.value()).txNo()).toList();
            assertThat(topicOrder).as("results of %s in commit order", account)
                    .isEqualTo(RechargeDb.outboxOrder(account));
        }
    }

    @Test
    void poisonRowIsParkedWithItsErrorAndDoesNotBlockTheOthers() {
        String account = freshAccount("POISON");
        UUID before = RechargeRequests.post(account, "2.00");
        // 2 MB: larger than the producer's max.request.size, so the broker can never take it. Inserted in one
        // transaction with good rows of the same key, so they are claimed in one batch around it.
        var rows = RechargeDb.insertOutboxRows(before, account,
                List.of(eventFor(account), "x".repeat(2 * 1024 * 1024), eventFor(account)));
        long poison = rows.get(1);
        UUID after = RechargeRequests.post(account, "3.00");

        Awaitility.await().atMost(PUBLISH_TIMEOUT)
                .until(() -> RechargeDb.published(List.of(before, after)) == 4);
        assertThat(RechargeDb.parkState(rows.get(0))[2]).as("the good row before it").isNotNull();
        assertThat(RechargeDb.parkState(rows.get(2))[2]).as("the good row after it").isNotNull();
        Awaitility.await().atMost(PUBLISH_TIMEOUT).until(() -> RechargeDb.parkState(poison)[0] != null);
        String[] state = RechargeDb.parkState(poison);
        assertThat(state[1]).contains("RecordTooLargeException");
        assertThat(state[2]).as("a parked row is not published").isNull();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("outbox_publish_failures_total\\{[^}]*kind=\"permanent\"[^}]*} [1-9]");
        assertThat(metrics).contains("outbox_backlog", "outbox_oldest_unpublished_age_seconds",
                "outbox_publish_latency_seconds");
    }

    /** The txNo of a recharge result, read without decoding: other tests put records on the topic that are not. */
    private static String txNoOf(ConsumerRecord<String, String> record) {
        int at = record.value().indexOf("\"txNo\":\"");
        return at < 0 ? "" : record.value().substring(at + 8, Math.min(at + 44, record.value().length()));
    }

    private static String eventFor(String account) {
        return EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, UUID.randomUUID(),
                account, new java.math.BigDecimal("1.00"), "CNY", java.time.Instant.now()));
    }
}
