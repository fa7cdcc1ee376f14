package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The delayed-retry chain on the real broker with a ladder of seconds (1s, 2s), then the dead-letter topic. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class RetryLadderTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    @Test
    void transientFailureIsCreditedOnALaterAttemptExactlyOnce() throws Exception {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "12.34", "CNY");
        try (Connection lock = AccountDb.lockAccount(accountNo)) {
            publish(event);
            ConsumerRecord<String, String> retry = awaitOn("recharge-results.retry-1s", event).get(0);
            assertThat(header(retry, EventHeaders.ATTEMPT)).isEqualTo("2");
            assertThat(header(retry, EventHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.RECHARGE_RESULTS);
            assertThat(header(retry, EventHeaders.ERROR_CLASS)).isEqualTo("transient");
            assertThat(Instant.parse(header(retry, EventHeaders.DUE_AT)))
                    .isAfter(Instant.parse(header(retry, EventHeaders.FIRST_FAILURE_AT)));
            assertThat(header(retry, EventHeaders.LAST_ERROR)).isNotBlank();
            lock.rollback();
        }
        Awaitility.await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("12.34"));
        List<String> sources = given().get("/accounts/" + accountNo + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("source");
        assertThat(sources).containsExactly("retry");
    }

    @Test
    void databaseOutageDuringProcessingIsCreditedOnALaterAttemptExactlyOnce() throws Exception {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "7.77", "CNY");
        AccountDb.startOutage();
        try {
            publish(event);
            ConsumerRecord<String, String> retry = awaitOn("recharge-results.retry-1s", event).get(0);
            assertThat(header(retry, EventHeaders.ERROR_CLASS)).isEqualTo("transient");
        } finally {
            AccountDb.endOutage();
        }
        Awaitility.await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("7.77"));
        assertThat(given().get("/accounts/" + accountNo + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("txNo")).containsExactly(event.txNo().toString());
    }

    @Test
    void exhaustedLadderEndsInTheDeadLetterTopicWithItsHistory() throws Exception {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "5.00", "CNY");
        try (Connection lock = AccountDb.lockAccount(accountNo)) {
            publish(event);
            ConsumerRecord<String, String> dead = awaitOn(Topics.RECHARGE_RESULTS_DLT, event).get(0);
            assertThat(header(dead, EventHeaders.ATTEMPT)).isEqualTo("3");
            assertThat(header(dead, EventHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.RECHARGE_RESULTS);
            assertThat(header(dead, EventHeaders.ERROR_CLASS)).isEqualTo("transient");
            assertThat(awaitOn("recharge-results.retry-2s", event)).hasSize(1);
            lock.rollback();
        }
        assertThat(balance(accountNo)).isEqualByComparingTo("0.00");
    }

    @Test
    void permanentFailureSkipsLadder() {
        RechargeResultEvent event = succeeded("NOBODY-" + System.nanoTime(), "1.00", "CNY");
        publish(event);
        ConsumerRecord<String, String> dead = awaitOn(Topics.RECHARGE_RESULTS_DLT, event).get(0);
        assertThat(header(dead, EventHeaders.ATTEMPT)).isEqualTo("1");
        assertThat(header(dead, EventHeaders.ERROR_CLASS)).isEqualTo("permanent");
        assertThat(header(dead, EventHeaders.LAST_ERROR)).contains("unknown account");
        assertThat(TopicProbe.awaitRecords("recharge-results.retry-1s",
                record -> record.value().contains(event.txNo().toString()), 0, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void freshRecordIsCreditedWhileAThousandRetriesWait() {
        Instant due = Instant.now().plusSeconds(15);
        Set<String> waiting = new HashSet<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 1000; i++) {
                RechargeResultEvent event = succeeded("WAITING-" + i, "1.00", "CNY");
                waiting.add(event.txNo().toString());
                ProducerRecord<String, String> record = new ProducerRecord<>("recharge-results.retry-1s",
                        event.key(), EventCodec.encode(event));
                record.headers().add(EventHeaders.ATTEMPT, "2".getBytes(StandardCharsets.UTF_8));
                record.headers().add(EventHeaders.DUE_AT, due.toString().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }

        String accountNo = openAccount("CNY");
        publish(succeeded(accountNo, "3.00", "CNY"));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo("3.00"));
        assertThat(Instant.now()).as("credited before the waiting records fell due").isBefore(due);
        // Not one of them was attempted early: an attempt would have sent it (unknown account) to the DLT.
        assertThat(TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS_DLT,
                record -> waiting.stream().anyMatch(record.value()::contains), 0, Duration.ofSeconds(1))).isEmpty();
    }

    private static List<ConsumerRecord<String, String>> awaitOn(String topic, RechargeResultEvent event) {
        return TopicProbe.awaitRecords(topic, record -> record.value().contains(event.txNo().toString()), 1, TIMEOUT);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
