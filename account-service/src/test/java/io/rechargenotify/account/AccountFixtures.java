package io.rechargenotify.account;

import static io.restassured.RestAssured.given;

import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.testing.TopicProbe;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/** Accounts and recharge results for account-service tests; every call makes fresh numbers. */
final class AccountFixtures {

    private AccountFixtures() {
    }

    static String openAccount(String currency) {
        String accountNo = "T-" + UUID.randomUUID().toString().substring(0, 13);
        given().contentType(ContentType.JSON)
                .body("""
                        {"accountNo":"%s","owner":"Test Owner","currency":"%s"}""".formatted(accountNo, currency))
                .post("/accounts")
                .then().statusCode(201);
        return accountNo;
    }

    static RechargeResultEvent succeeded(String accountNo, String amount, String currency) {
        return RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, UUID.randomUUID(), accountNo,
                new BigDecimal(amount), currency, Instant.now());
    }

    static void publish(RechargeResultEvent event) {
        TopicProbe.publish(Topics.RECHARGE_RESULTS, event.key(), EventCodec.encode(event));
    }

    /** The record carries this event (a stub on the dead-letter topic carries no value at all). */
    static boolean carries(ConsumerRecord<String, String> record, RechargeResultEvent event) {
        return record.value() != null && record.value().contains(event.txNo().toString());
    }

    /** The dead letters of an account as {@code GET /dead-letters} lists them, once there are {@code count}. */
    static List<Map<String, Object>> awaitDeadLetters(String accountNo, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(accountNo).size() == count);
        return deadLetters(accountNo);
    }

    static List<Map<String, Object>> deadLetters(String accountNo) {
        return given().queryParam("accountNo", accountNo).get("/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    static BigDecimal balance(String accountNo) {
        return new BigDecimal(given().get("/accounts/" + accountNo).then().statusCode(200)
                .extract().<String>path("balance"));
    }
}
