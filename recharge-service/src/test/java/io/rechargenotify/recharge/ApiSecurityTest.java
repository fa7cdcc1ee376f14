package io.rechargenotify.recharge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.security.VerifiedTokens;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.SecuredEndpoints;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the recharge API needs a token with the right role; probes and scrapers need none. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "recharge_test"))
class ApiSecurityTest {

    @Inject
    JWTParser tokenParser;

    @Test
    void bearerTokensAreParsedByTheCacheOfVerifiedTokens() {
        assertThat(tokenParser).isInstanceOf(VerifiedTokens.class);
    }

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void everyEndpointAnswers401WithoutATokenAnd403WithTheWrongRole() {
        var operations = SecuredEndpoints.operations();
        assertThat(operations).extracting(Object::toString)
                .contains("POST /recharges", "GET /recharges", "GET /outbox/parked", "POST /outbox/1/unpark")
                .hasSizeGreaterThanOrEqualTo(6);
        SecuredEndpoints.assertEachNeedsAToken(operations);
        var recharges = operations.stream().filter(operation -> operation.path().startsWith("/recharges")).toList();
        var outbox = operations.stream().filter(operation -> operation.path().startsWith("/outbox")).toList();
        assertThat(recharges.size() + outbox.size()).as("every operation is a recharge or an outbox one")
                .isEqualTo(operations.size());
        // account:* and callback:admin are other services' roles: they open nothing here; ops:write opens the outbox
        // only, ops:read the outbox and reading recharges (below).
        SecuredEndpoints.assertEachRefuses(recharges, TestTokens.forRoles(Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ,
                Roles.OPS_WRITE, Roles.CALLBACK_ADMIN));
        TestTokens.as(TestTokens.forRoles(Roles.OPS_READ, Roles.OPS_WRITE),
                () -> given().contentType("application/json").body("{}").post("/recharges").then().statusCode(403));
        SecuredEndpoints.assertEachRefuses(outbox, TestTokens.forRoles(Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ,
                Roles.RECHARGE_READ, Roles.RECHARGE_WRITE, Roles.CALLBACK_ADMIN));
        // A token minted for account-service alone is no token here, whatever roles it carries.
        SecuredEndpoints.assertEachRefusesToken(operations,
                TestTokens.token().roles(TestTokens.ALL_ROLES).audience(Roles.ACCOUNT_AUDIENCE).sign());
    }

    @Test
    void eachRoleOpensOnlyItsOwnCalls() {
        TestTokens.as(TestTokens.forRoles(Roles.RECHARGE_READ), () -> {
            given().get("/recharges").then().statusCode(200);
            given().contentType(ContentType.JSON).body("""
                            {"accountNo":"ACC-1","amount":"1.00","currency":"CNY"}""")
                    .post("/recharges").then().statusCode(403);
        });
        TestTokens.as(TestTokens.forRoles(Roles.RECHARGE_WRITE), () -> given().get("/recharges/" + UUID.randomUUID())
                .then().statusCode(403));
    }

    @Test
    void healthMetricsAndOpenApiNeedNoToken() {
        SecuredEndpoints.assertProbesNeedNoToken();
    }
}
