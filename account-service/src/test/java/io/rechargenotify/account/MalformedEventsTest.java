package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.balance;
import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.rechargenotify.account.AccountFixtures.publish;
import static io.rechargenotify.account.AccountFixtures.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestDatabases;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ten kinds of malformed recharge results on the main topic, each between two good ones of the same account (so on
 * the same partition, in order): every good one is credited, every bad one is a dead letter with its reason, and the
 * consumer never stops.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class MalformedEventsTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void badEventsAreDeadLetteredWithTheirReasonAndGoodOnesAreAllCredited() throws SQLException {
        String accountNo = openAccount("CNY");
        String valid = EventCodec.encode(succeeded(accountNo, "1.00", "CNY"));
        // payload -> a fragment its dead letter's reason must contain
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("{not json " + accountNo, "Unexpected character");
        malformed.put("", "empty payload");
        malformed.put("[\"" + accountNo + "\"]", "not a JSON object");
        malformed.put(valid.replace("\"schemaVersion\":1", "\"schemaVersion\":2"), "unknown schemaVersion 2");
        malformed.put(valid.replaceFirst("\"txNo\":\"[^\"]+\",", ""), "txNo");
        malformed.put(valid.replaceFirst("\"amount\":\"[^\"]+\",", ""), "amount");
        malformed.put(valid.replace("\"amount\":\"1.00\"", "\"amount\":\"-5.00\""), "amount must be positive");
        malformed.put(valid.replace("\"amount\":\"1.00\"", "\"amount\":\"1.005\""), "at most 2 decimals");
        malformed.put(valid.replace("RechargeSucceeded", "RechargeRefunded"), "RechargeRefunded");
        malformed.put(valid.replace("\"currency\":\"CNY\"", "\"currency\":\"XYZ1\""), "ISO 4217");
        assertThat(malformed).hasSize(10);

        BigDecimal expected = BigDecimal.ZERO;
        int good = 0;
        for (String payload : malformed.keySet()) {
            RechargeResultEvent before = succeeded(accountNo, (++good) + ".00", "CNY");
            publish(before);
            expected = expected.add(before.amount());
            TopicProbe.publish(Topics.RECHARGE_RESULTS, accountNo, payload);
        }
        RechargeResultEvent last = succeeded(accountNo, "100.00", "CNY");
        publish(last);
        BigDecimal total = expected.add(last.amount());

        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(balance(accountNo)).isEqualByComparingTo(total);
            assertThat(deadLetters(accountNo)).hasSize(malformed.size());
        });
        Map<String, String[]> letters = deadLetters(accountNo);
        malformed.forEach((payload, reason) -> {
            assertThat(letters).as("dead letter of %s", payload).containsKey(payload);
            assertThat(letters.get(payload)[0]).as("reason for %s", payload).contains(reason);
            assertThat(letters.get(payload)[1]).isEqualTo("permanent");
        });
    }

    /** The account's dead letters: payload -> {reason, error class}. */
    private static Map<String, String[]> deadLetters(String accountNo) throws SQLException {
        Map<String, String[]> letters = new HashMap<>();
        try (Connection db = TestDatabases.connect(AccountDb.DATABASE);
                PreparedStatement query = db.prepareStatement(
                        "SELECT payload, last_error, error_class FROM dead_letter WHERE record_key = ?")) {
            query.setString(1, accountNo);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    letters.put(rows.getString(1), new String[] { rows.getString(2), rows.getString(3) });
                }
            }
        }
        return letters;
    }
}
