package io.rechargenotify.recharge;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.UUID;

/** Posts recharges to the service under test. */
final class RechargeRequests {

    private RechargeRequests() {
    }

    static UUID post(String accountNo, String amount) {
        UUID txNo = UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body("""
                        {"txNo":"%s","accountNo":"%s","amount":"%s","currency":"CNY"}""".formatted(txNo, accountNo,
                        amount))
                .post("/recharges")
                .then().statusCode(201);
        return txNo;
    }

    static String freshAccount(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
