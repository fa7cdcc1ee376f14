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
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.shared.testing.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records written by someone else on every topic account-service reads – forged retry headers, fields longer than
 * their columns, NUL, a value close to the broker's size limit: each ends as a dead letter with its reason (or, if it
 * is a genuine result, credited), the good results around it are credited, and no consumer stops. Their values are
 * signed with the test key: what gets past the signature check (a leaked key, a bug in recharge-service) must not
 * stop anything either ({@link ForgedEventsTest} covers the unsigned ones).
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class HostileRecordsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(45);
    /** With the test ladder (1s, 2s) the first retry topic. */
    private static final String RETRY_TOPIC = Topics.retry("1s");
    private static KafkaProducer<String, String> producer;
    /** The test database outlives the broker, whose offsets start again at 0: only this run's dead letters count. */
    private static Timestamp started;

    @BeforeAll
    static void start() {
        TestTokens.authorizeAllCalls();
        started = Timestamp.from(Instant.now().minusSeconds(1));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void anUnreadableAttemptHeaderOnTheMainTopicIsIgnored() throws Exception {
        String accountNo = openAccount("CNY");
        RecordMetadata hostile = send(Topics.RECHARGE_RESULTS, "NO-SUCH-" + accountNo,
                EventCodec.encode(succeeded("NO-SUCH-" + accountNo, "1.00", "CNY")), EventHeaders.ATTEMPT, "x",
                EventHeaders.ORIGINAL_TOPIC, "elsewhere", EventHeaders.ORIGINAL_PARTITION, "0",
                EventHeaders.ORIGINAL_OFFSET, "0");
        assertGoodResultsStillCredited(accountNo);
        Map<String, Object> letter = awaitDeadLetter(hostile);
        assertThat((String) letter.get("last_error")).contains("unknown account");
        // headers on the main topic are not history: the origin is where the record really was
        assertThat(letter.get("original_topic")).isEqualTo(Topics.RECHARGE_RESULTS);
        assertThat(letter.get("attempt")).isEqualTo(1);
        assertAlive();
    }

    @Test
    void aFarFutureOrAncientDueTimeOnARetryTopicDoesNotStopItsPartition() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "7.00", "CNY");
        send(RETRY_TOPIC, accountNo, EventCodec.encode(event), EventHeaders.DUE_AT, "+100000-01-01T00:00:00Z",
                EventHeaders.ATTEMPT, "99999999999");
        RechargeResultEvent longAgo = succeeded(accountNo, "2.00", "CNY");
        send(RETRY_TOPIC, accountNo, EventCodec.encode(longAgo), EventHeaders.DUE_AT, "1000-01-01T00:00:00Z");
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(balance(accountNo)).isEqualByComparingTo("9.00"));
        assertAlive();
    }

    @Test
    void unreadableHeadersOnARetryTopicFailOnlyTheirRecord() throws Exception {
        String accountNo = openAccount("CNY");
        RecordMetadata hostile = send(RETRY_TOPIC, "x", "{\"not\":\"an event\"}", EventHeaders.ATTEMPT, "x",
                EventHeaders.FIRST_FAILURE_AT, "+200000-01-01T00:00:00Z", EventHeaders.DUE_AT, "soon",
                EventHeaders.ORIGINAL_PARTITION, "x");
        RechargeResultEvent after = succeeded(accountNo, "3.00", "CNY");
        send(RETRY_TOPIC, accountNo, EventCodec.encode(after));
        Map<String, Object> letter = awaitDeadLetter(hostile);
        assertThat(letter.get("error_class")).isEqualTo("permanent");
        assertThat(letter.get("first_failure_at")).isNotNull();
        assertThat(letter.get("original_topic")).isEqualTo(RETRY_TOPIC);
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(balance(accountNo)).isEqualByComparingTo("3.00"));
        assertAlive();
    }

    @Test
    void tombstonesOnEveryTopicAreDeadLetteredAndNothingStops() {
        String accountNo = openAccount("CNY");
        RecordMetadata onMain = send(Topics.RECHARGE_RESULTS, accountNo, null);
        RecordMetadata onRetry = send(RETRY_TOPIC, null, null);
        RecordMetadata onDlt = send(Topics.RECHARGE_RESULTS_DLT, null, null);
        assertGoodResultsStillCredited(accountNo);
        // nothing to sign: refused before it is read
        assertThat((String) awaitDeadLetter(onMain).get("last_error")).contains("signature");
        assertThat((String) awaitDeadLetter(onRetry).get("last_error")).contains("signature");
        assertThat(awaitDeadLetter(onDlt).get("payload")).isEqualTo("");
        assertAlive();
    }

    @Test
    void deadLettersWithFieldsTooLongOrNulAreStoredAndTheRecorderGoesOn() throws Exception {
        String longAccountNo = "A".repeat(300);
        String payload = "{\"accountNo\":\"" + longAccountNo + "\",\"note\":\"nul\u0000here\"}";
        RecordMetadata first = send(Topics.RECHARGE_RESULTS_DLT, "K".repeat(5000) + "\u0000", payload,
                EventHeaders.ATTEMPT, "x", EventHeaders.FIRST_FAILURE_AT, "-5000-01-01T00:00:00Z",
                EventHeaders.ORIGINAL_OFFSET, "99999999999999999999999", EventHeaders.ERROR_CLASS,
                "c".repeat(100), EventHeaders.LAST_ERROR, "e".repeat(5000) + "\u0000");
        RecordMetadata second = send(Topics.RECHARGE_RESULTS_DLT, "plain", "after the hostile one");
        Map<String, Object> stored = awaitDeadLetter(first);
        assertThat((String) stored.get("payload")).startsWith("{\"accountNo\":\"AAA").contains("nul\\u0000here");
        assertThat((String) stored.get("account_no")).hasSize(200);
        assertThat((String) stored.get("last_error")).hasSize(1000);
        assertThat(stored.get("first_failure_at")).isNull();
        assertThat(stored.get("error_class")).as("a forged error class is not repeated").isEqualTo("unknown");
        assertThat(stored.get("original_topic")).isEqualTo(Topics.RECHARGE_RESULTS_DLT);
        assertThat((String) awaitDeadLetter(second).get("last_error")).contains("no reason given");
        assertAlive();
    }

    @Test
    void aRecordTooLargeToForwardIsKeptWholeInPostgresWithAStubOnTheTopic() throws Exception {
        String accountNo = openAccount("CNY");
        String huge = "{\"accountNo\":\"" + accountNo + "\",\"padding\":\"" + "p".repeat(1_048_300) + "\"}";
        RecordMetadata hostile = send(Topics.RECHARGE_RESULTS, accountNo, huge);
        assertGoodResultsStillCredited(accountNo);
        Map<String, Object> letter = awaitDeadLetter(hostile);
        String payload = (String) letter.get("payload");
        assertThat(payload.equals(huge)).as("stored payload of %d characters is the record's %d", payload.length(),
                huge.length()).isTrue();
        assertThat((String) letter.get("last_error")).contains("too large");
        assertThat(countDeadLetters(hostile)).isEqualTo(1);

        String hugeKey = "k".repeat(1_048_300);
        RecordMetadata keyTooLarge = send(Topics.RECHARGE_RESULTS, hugeKey, "{}");
        assertGoodResultsStillCredited(openAccount("CNY"));
        assertThat((String) awaitDeadLetter(keyTooLarge).get("payload")).isEqualTo("{}");
        assertAlive();
    }

    private static void assertGoodResultsStillCredited(String accountNo) {
        RechargeResultEvent good = succeeded(accountNo, "5.00", "CNY");
        publish(good);
        Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(balance(accountNo)).isEqualByComparingTo(new BigDecimal("5.00")));
    }

    private static void assertAlive() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** Sends a record, its value (if any) signed with the test key, with the headers given as name, value, … */
    private static RecordMetadata send(String topic, String key, String value, String... headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (value != null) {
            TestEventKeys.signed(record);
        }
        for (int i = 0; i < headers.length; i += 2) {
            record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send a test record to " + topic, e);
        }
    }

    /** The dead letter of a record, found by where it was first written (its origin). */
    private static Map<String, Object> awaitDeadLetter(RecordMetadata origin) {
        return Awaitility.await().atMost(TIMEOUT).until(() -> deadLetter(origin), letter -> letter != null);
    }

    private static Map<String, Object> deadLetter(RecordMetadata origin) throws SQLException {
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                PreparedStatement query = db.prepareStatement("""
                        SELECT payload, account_no, attempt, original_topic, first_failure_at, error_class, last_error
                        FROM dead_letter WHERE original_topic = ? AND original_partition = ? AND original_offset = ?
                        AND (payload <> '' OR last_error NOT LIKE 'too large%') AND dead_at >= ?""")) {
            query.setTimestamp(4, started);
            query.setString(1, origin.topic());
            query.setInt(2, origin.partition());
            query.setLong(3, origin.offset());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Map<String, Object> letter = new HashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    letter.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
                }
                return letter;
            }
        }
    }

    private static int countDeadLetters(RecordMetadata origin) throws SQLException {
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM dead_letter"
                        + " WHERE original_topic = ? AND original_partition = ? AND original_offset = ? AND dead_at >= ?")) {
            query.setTimestamp(4, started);
            query.setString(1, origin.topic());
            query.setInt(2, origin.partition());
            query.setLong(3, origin.offset());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
