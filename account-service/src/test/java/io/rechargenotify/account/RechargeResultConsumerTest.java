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
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consumer on the real broker and Postgres: credit once, park what cannot be applied, keep going. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "account_test"))
class RechargeResultConsumerTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    private static final Duration CREDIT_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void duplicateEventCreditsOnce() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent event = succeeded(accountNo, "25.10", "CNY");
        publish(event);
        awaitBalance(accountNo, "25.10");

        publish(event);
        publish(new RechargeResultEvent(UUID.randomUUID(), event.type(), event.txNo(), accountNo, event.amount(),
                "CNY", event.occurredAt(), 1));
        // Same key, same partition: once this later event is credited, both duplicates before it were consumed.
        publish(succeeded(accountNo, "1.00", "CNY"));
        awaitBalance(accountNo, "26.10");

        List<String> txNos = given().get("/accounts/" + accountNo + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("txNo");
        assertThat(txNos).hasSize(2).containsOnlyOnce(event.txNo().toString());
        assertThat(given().get("/accounts/" + accountNo + "/ledger").then().extract().jsonPath()
                .getList("source")).containsOnly("notification");
    }

    @Test
    void permanentFailureGoesToDeadLetterTopicAndConsumerKeepsGoing() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent unknownAccount = succeeded("NOBODY-" + UUID.randomUUID().toString().substring(0, 8),
                "10.00", "CNY");
        RechargeResultEvent wrongCurrency = succeeded(accountNo, "10.00", "USD");
        publish(unknownAccount);
        publish(wrongCurrency);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, accountNo, "{not json " + accountNo);
        RechargeResultEvent good = succeeded(accountNo, "7.00", "CNY");
        publish(good);

        awaitBalance(accountNo, "7.00");
        var deadLetters = TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS_DLT,
                record -> carries(record, unknownAccount)
                        || carries(record, wrongCurrency)
                        || ("{not json " + accountNo).equals(record.value()),
                3, CREDIT_TIMEOUT);
        assertThat(deadLetters).hasSize(3);
        assertThat(deadLetters).noneMatch(record -> carries(record, good));
    }

    @Test
    void failedRechargeIsRecordedWithoutCredit() {
        String accountNo = openAccount("CNY");
        RechargeResultEvent failed = new RechargeResultEvent(UUID.randomUUID(),
                io.rechargenotify.shared.event.RechargeEventType.RechargeFailed, UUID.randomUUID(), accountNo,
                new BigDecimal("50.00"), "CNY", java.time.Instant.now(), 1);
        publish(failed);
        publish(succeeded(accountNo, "2.00", "CNY"));
        awaitBalance(accountNo, "2.00");
        assertThat(given().get("/accounts/" + accountNo + "/ledger").then().extract().jsonPath()
                .getList("txNo")).doesNotContain(failed.txNo().toString());
    }

    private static void awaitBalance(String accountNo, String expected) {
        Awaitility.await().atMost(CREDIT_TIMEOUT)
                .untilAsserted(() -> assertThat(balance(accountNo)).isEqualByComparingTo(expected));
    }
}
