package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.carries;
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
                record -> carries(record, event), 0, Duration.ofSeconds(1))).isEmpty();
    }

    private static List<ConsumerRecord<String, String>> awaitOn(String topic, RechargeResultEvent event) {
        return TopicProbe.awaitRecords(topic, record -> carries(record, event), 1, TIMEOUT);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
