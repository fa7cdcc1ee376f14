package io.rechargenotify.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "account_test"))
class AccountApiTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void openedAccountStartsAtZeroAndCanBeRead() {
        String accountNo = "API-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("""
                        {"accountNo":"%s","owner":"Han Meimei","currency":"CNY"}""".formatted(accountNo))
                .post("/accounts")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("balance", equalTo("0.00"));
        given().get("/accounts/" + accountNo).then().statusCode(200)
                .body("owner", equalTo("Han Meimei"))
                .body("currency", equalTo("CNY"));
        given().get("/accounts/" + accountNo + "/ledger").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void accountWithoutNumberGetsGeneratedOne() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"owner":"Generated","currency":"EUR"}""")
                .post("/accounts")
                .then().statusCode(201)
                .body("accountNo", startsWith("AC"));
    }

    @Test
    void sameAccountNumberTwiceConflicts() {
        String body = """
                {"accountNo":"DUP-%s","owner":"A","currency":"CNY"}""".formatted(
                UUID.randomUUID().toString().substring(0, 8));
        given().contentType(ContentType.JSON).body(body).post("/accounts").then().statusCode(201);
        given().contentType(ContentType.JSON).body(body).post("/accounts").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void invalidAccountRequestsAreProblems() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"accountNo":"x","owner":"","currency":"ABC"}""")
                .post("/accounts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("accountNo"))
                .body("violations.field", hasItem("owner"))
                .body("violations.field", hasItem("currency"));
        given().contentType(ContentType.JSON).body("{\"owner\":").post("/accounts")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/accounts/NOPE-" + UUID.randomUUID().toString().substring(0, 8))
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/accounts/" + "bad%20number").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"owner\":\"" + "x".repeat(20_000) + "\",\"currency\":\"CNY\"}")
                .post("/accounts")
                .then().statusCode(413).contentType("application/problem+json");
        given().get("/no-such-path").then().statusCode(404).contentType("application/problem+json");
    }
}
