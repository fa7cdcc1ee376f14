package io.rechargenotify.callback;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the callback API (read from its OpenAPI document, so a new one is checked too) needs a token for
 * this service with the right role; probes and scrapers need none. The roles per operation are in EndpointApiTest and
 * DeliveryApiTest.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class ApiSecurityTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void everyOperationAnswers401WithoutATokenAnd403WithTheWrongRole() {
        var operations = SecuredEndpoints.operations();
        assertThat(operations).extracting(Object::toString).contains("POST /endpoints", "GET /deliveries/1",
                "POST /deliveries/1/resend", "GET /endpoints/1/deliveries", "POST /endpoints/1/recover",
                "POST /endpoints/1/enable", "POST /endpoints/1/disable");
        SecuredEndpoints.assertEachNeedsAToken(operations);
        // The other services' roles open nothing here.
        SecuredEndpoints.assertEachRefuses(operations, TestTokens.forRoles(Roles.RECHARGE_WRITE, Roles.RECHARGE_READ,
                Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ));
        // A token minted for account-service alone is no token here, whatever roles it carries.
        SecuredEndpoints.assertEachRefusesToken(operations,
                TestTokens.token().roles(TestTokens.ALL_ROLES).audience(Roles.ACCOUNT_AUDIENCE).sign());
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        SecuredEndpoints.assertProbesNeedNoToken();
        TestTokens.withoutToken(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}
