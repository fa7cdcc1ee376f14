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
                "GET /dead-letters").hasSizeGreaterThanOrEqualTo(12);
        SecuredEndpoints.assertEachNeedsAToken(operations);
        // recharge:* are recharge-service's roles (account-service's own service token): they open nothing here.
        SecuredEndpoints.assertEachRefuses(operations,
                TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ));
    }

    @Test
    void readersReadAndOnlyAdminsOperate() {
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
        TestTokens.as(TestTokens.forRoles(Roles.ADMIN), () -> given().get("/dead-letters").then().statusCode(200));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        SecuredEndpoints.assertProbesNeedNoToken();
    }
}
