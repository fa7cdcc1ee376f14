package io.rechargenotify.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.util.UUID;

/** The calls the system tests make on the two services' APIs. */
public final class SystemApi {

    private SystemApi() {
    }

    /** Opens a CNY account with a fresh number starting with {@code prefix}. */
    public static String openAccount(ServiceProcess accountService, String prefix) {
        String accountNo = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(accountService.baseUrl()).contentType(ContentType.JSON)
                .body("""
                        {"accountNo":"%s","owner":"System Test","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts").then().statusCode(201);
        return accountNo;
    }

    public static BigDecimal balance(ServiceProcess accountService, String accountNo) {
        return new BigDecimal(given().baseUri(accountService.baseUrl()).get("/accounts/" + accountNo)
                .then().statusCode(200).extract().<String>path("balance"));
    }

    /** A recharge taken by recharge-service directly (as another channel would), answered 201. */
    public static void postRecharge(ServiceProcess rechargeService, UUID txNo, String accountNo, String amount) {
        given().baseUri(rechargeService.baseUrl()).contentType(ContentType.JSON)
                .body("""
                        {"txNo":"%s","accountNo":"%s","amount":"%s","currency":"CNY"}"""
                        .formatted(txNo, accountNo, amount))
                .post("/recharges").then().statusCode(201);
    }

    /** A recharge the account asks for through account-service: 202 PENDING; returns its txNo. */
    public static UUID startRecharge(ServiceProcess accountService, String accountNo, String amount) {
        return UUID.fromString(given().baseUri(accountService.baseUrl()).contentType(ContentType.JSON)
                .body("""
                        {"amount":"%s"}""".formatted(amount))
                .post("/accounts/" + accountNo + "/recharges")
                .then().statusCode(202)
                .extract().path("txNo"));
    }

    /** The value of one Prometheus sample line of {@code /q/metrics} starting with {@code prefix}, or 0. */
    public static double metric(ServiceProcess service, String prefix) {
        String metrics = given().baseUri(service.baseUrl()).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        return metrics.lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
