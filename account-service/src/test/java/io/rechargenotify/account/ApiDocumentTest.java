package io.rechargenotify.account;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.testing.CommittedOpenApi;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is the contract partners generate clients from: committed, complete, and honoured. */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = AccountDb.DATABASE))
class ApiDocumentTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        CommittedOpenApi.assertServedIsCommitted("account-service");
    }

    @Test
    void everyOperationHasAnIdAndASummary() {
        CommittedOpenApi.assertEveryOperationNamed();
    }

    @Test
    void aClientAcceptingOnlyProblemsGetsItsProblemNot406() {
        given().accept(Problem.MEDIA_TYPE).get("/accounts/{accountNo}",
                        "NO-SUCH-" + UUID.randomUUID().toString().substring(0, 8))
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }
}
