package io.rechargenotify.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TopicProbe;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end: both packaged services as separate processes, a real Kafka broker, real Postgres.
 * A recharge posted to recharge-service credits the account in account-service exactly once, through the outbox,
 * the relay, the broker and the consumer; the same event published again changes nothing.
 */
class EndToEndIT {

    private static final Duration CREDIT_TIMEOUT = Duration.ofSeconds(30);

    private static ServiceProcess rechargeService;
    private static ServiceProcess accountService;

    @BeforeAll
    static void startSystem() {
        rechargeService = ServiceProcess.start("recharge-service", SystemEnv.forDatabase(SystemEnv.RECHARGE_DB));
        accountService = ServiceProcess.start("account-service", SystemEnv.forDatabase(SystemEnv.ACCOUNT_DB));
    }

    @AfterAll
    static void stopSystem() {
        ServiceProcess.closeAll(accountService, rechargeService);
    }

    @Test
    void postedRechargeIsCreditedExactlyOnceThroughKafka() {
        String accountNo = SystemApi.openAccount(accountService, "E2E");

        UUID txNo = UUID.randomUUID();
        SystemApi.postRecharge(rechargeService, txNo, accountNo, "88.80");
        awaitBalance(accountNo, "88.80");

        // The event as the relay published it, published once more straight to the topic: a duplicate delivery.
        List<ConsumerRecord<String, String>> published = TopicProbe.awaitRecords(Topics.RECHARGE_RESULTS,
                record -> record.value().contains(txNo.toString()), 1, CREDIT_TIMEOUT);
        assertThat(published).hasSize(1);
        TopicProbe.publish(Topics.RECHARGE_RESULTS, published.get(0).key(), published.get(0).value());

        // A later recharge of the same account shares the partition, so once it is credited the duplicate before
        // it has been consumed: the balance shows whether it counted twice.
        SystemApi.postRecharge(rechargeService, UUID.randomUUID(), accountNo, "1.20");
        awaitBalance(accountNo, "90.00");

        List<String> ledgerTxNos = given().baseUri(accountService.baseUrl())
                .get("/accounts/" + accountNo + "/ledger").then().statusCode(200)
                .extract().jsonPath().getList("txNo");
        assertThat(ledgerTxNos).hasSize(2).containsOnlyOnce(txNo.toString());
    }

    private static void awaitBalance(String accountNo, String expected) {
        Awaitility.await().atMost(CREDIT_TIMEOUT).untilAsserted(() -> assertThat(
                SystemApi.balance(accountService, accountNo)).isEqualByComparingTo(expected));
    }
}
