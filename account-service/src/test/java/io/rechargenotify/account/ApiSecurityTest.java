package io.rechargenotify.account;

import static io.rechargenotify.account.AccountFixtures.openAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.SecuredEndpoints;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the account API needs a token with the right role; probes and scrapers need none. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class ApiSecurityTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void everyEndpointAnswers401WithoutATokenAnd403WithTheWrongRole() {
        var operations = SecuredEndpoints.operations();
        assertThat(operations).extracting(Object::toString).contains("POST /accounts", "POST /reconciliations",
                "GET /dead-letters", "GET /recharges").hasSizeGreaterThanOrEqualTo(14)
                .anyMatch(operation -> operation.startsWith("GET /ledger/"));
        SecuredEndpoints.assertEachNeedsAToken(operations);
        // recharge:* are recharge-service's roles (account-service's own service token): they open nothing here.
        SecuredEndpoints.assertEachRefuses(operations,
                TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ));
        // ops:delegate only lets the console name its operator: alone it opens nothing.
        SecuredEndpoints.assertEachRefuses(operations, TestTokens.forRoles(Roles.OPS_DELEGATE));
        // A token minted for recharge-service alone is no token here, whatever roles it carries.
        SecuredEndpoints.assertEachRefusesToken(operations,
                TestTokens.token().roles(TestTokens.ALL_ROLES).audience(Roles.RECHARGE_AUDIENCE).sign());
    }

    @Test
    void aTokenForThisServiceWorksAloneAndUpToTheMaximumAge() {
        TestTokens.as(TestTokens.token().roles(Roles.ACCOUNT_READ).audience(Roles.ACCOUNT_AUDIENCE)
                        .issuedAgo(Duration.ofHours(23)).lifetime(Duration.ofDays(30)).sign(),
                () -> given().get("/accounts/ACC-00000").then().statusCode(404));
    }

    @Test
    void opsReadLooksButNeverMovesMoney() {
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> {
            given().get("/dead-letters").then().statusCode(200);
            given().get("/dead-letters/999999999").then().statusCode(404);
            given().get("/reconciliations/999999999").then().statusCode(404);
            given().post("/dead-letters/1/replay").then().statusCode(403)
                    .contentType("application/problem+json");
            given().contentType(ContentType.JSON).body("{}").post("/dead-letters/replay").then().statusCode(403);
            given().contentType(ContentType.JSON).body("{}").post("/reconciliations").then().statusCode(403);
        });
        // Moving money does not let one look either: each role is granted on its own.
        TestTokens.as(TestTokens.forRoles(Roles.OPS_WRITE), () -> given().get("/dead-letters").then()
                .statusCode(403));
    }

    @Test
    void readersReadAndOnlyOperatorsOperate() {
        String accountNo = openAccount("CNY");
        TestTokens.as(TestTokens.forRoles(Roles.ACCOUNT_READ), () -> {
            given().get("/accounts/" + accountNo).then().statusCode(200);
            given().contentType(ContentType.JSON).body("{\"amount\":\"1.00\"}")
                    .post("/accounts/" + accountNo + "/recharges").then().statusCode(403);
        });
        TestTokens.as(TestTokens.forRoles(Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ), () -> {
            given().get("/dead-letters").then().statusCode(403);
            given().contentType(ContentType.JSON).body("{}").post("/reconciliations").then().statusCode(403);
        });
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ), () -> given().get("/dead-letters").then().statusCode(200));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        SecuredEndpoints.assertProbesNeedNoToken();
    }
}
