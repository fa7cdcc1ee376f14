package io.rechargenotify.callback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import io.restassured.http.ContentType;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The endpoints API: a receiver registers a URL and gets its signing secret once; bad URLs (malformed, other schemes,
 * internal addresses), unknown fields and oversized values are refused with problems and leave nothing stored.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class EndpointApiTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    /** A filter no event matches, so endpoints of this test are never called by the delivery tests. */
    private static String body(String url) {
        return "{\"url\":\"" + url + "\",\"accountNos\":[\"nobody-" + UUID.randomUUID().toString().substring(0, 8)
                + "\"],\"eventTypes\":[\"RechargeSucceeded\"],\"description\":\"shop 1\"}";
    }

    @Test
    void registeringShowsTheSecretOnceAndReadingNever() {
        String id = given().contentType(ContentType.JSON).body(body("http://127.0.0.1:9/notify"))
                .post("/endpoints")
                .then().statusCode(201).header("Location", startsWith("http"))
                .body("url", equalTo("http://127.0.0.1:9/notify"))
                .body("enabled", equalTo(true))
                .body("eventTypes[0]", equalTo("RechargeSucceeded"))
                .body("secret", startsWith("whsec_"))
                .extract().path("id");
        String secret = given().post("/endpoints/" + id + "/secret/rotate").then().statusCode(200)
                .body("previousSecretExpiresAt", org.hamcrest.Matchers.notNullValue())
                .extract().path("secret");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);

        given().get("/endpoints/" + id).then().statusCode(200).body("secret", nullValue())
                .body("description", equalTo("shop 1"));
        given().get("/endpoints?limit=200").then().statusCode(200).body("items.secret.flatten()",
                org.hamcrest.Matchers.everyItem(nullValue()));
        assertThat(CallbackDb.strings("SELECT secret FROM endpoint WHERE id = ?::uuid", id)).containsExactly(secret);
    }

    @Test
    void patchChangesOnlyWhatItNamesAndDeleteRemoves() {
        String id = given().contentType(ContentType.JSON).body(body("http://127.0.0.1:9/a")).post("/endpoints")
                .then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"url\":\"http://127.0.0.1:9/b\",\"eventTypes\":[]}")
                .patch("/endpoints/" + id)
                .then().statusCode(200).body("url", equalTo("http://127.0.0.1:9/b"))
                .body("eventTypes.size()", equalTo(0)).body("description", equalTo("shop 1"));
        given().contentType(ContentType.JSON).body("{\"url\":\"http://10.1.2.3/b\"}").patch("/endpoints/" + id)
                .then().statusCode(400);
        given().get("/endpoints/" + id).then().body("url", equalTo("http://127.0.0.1:9/b"));
        given().post("/endpoints/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        given().delete("/endpoints/" + id).then().statusCode(204);
        given().get("/endpoints/" + id).then().statusCode(404).contentType("application/problem+json");
        given().delete("/endpoints/" + id).then().statusCode(404);
    }

    @Test
    void badInputIsRefusedWithAProblemAndNothingIsStored() {
        long before = CallbackDb.count("SELECT count(*) FROM endpoint");
        String longText = "x".repeat(501);
        for (String bad : new String[] {
                "{\"url\":\"ftp://example.com/x\"}",
                "{\"url\":\"/relative/path\"}",
                "{\"url\":\"not a url\"}",
                "{\"url\":\"http://user:pw@127.0.0.1:9/x\"}",
                "{\"url\":\"http://169.254.169.254/latest/meta-data\"}",
                "{\"url\":\"http://10.0.0.1/notify\"}",
                "{\"url\":\"http://192.168.1.1/notify\"}",
                "{\"url\":\"http://[fd00::1]/notify\"}",
                "{\"url\":\"http://0.0.0.0/notify\"}",
                "{\"url\":\"http://no-such-host.invalid/notify\"}",
                "{}",
                "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"whsec_mine\"}",
                "{\"url\":\"http://127.0.0.1:9/x\",\"description\":\"" + longText + "\"}",
                "{\"url\":\"http://127.0.0.1:9/x\",\"accountNos\":[\"a b\"]}",
                "{\"url\":\"http://127.0.0.1:9/x\",\"eventTypes\":[\"Nope\"]}",
                "{\"url\":\"http://127.0.0.1:9/" + "x".repeat(2100) + "\"}",
                "{\"url\":\"http://127.0.0.1:9/x\",\"description\":\"" + "y".repeat(17_000) + "\"}",
                "[1,2]" }) {
            int status = given().contentType(ContentType.JSON).body(bad).post("/endpoints")
                    .then().contentType("application/problem+json").extract().statusCode();
            assertThat(status).as(bad.length() > 200 ? bad.substring(0, 200) : bad).isIn(400, 413);
        }
        assertThat(CallbackDb.count("SELECT count(*) FROM endpoint")).isEqualTo(before);
    }

    @Test
    void onlyCallbackAdminsMayAdminister() {
        TestTokens.as(TestTokens.forRoles(Roles.OPS_WRITE, Roles.ACCOUNT_WRITE), () ->
                given().contentType(ContentType.JSON).body(body("http://127.0.0.1:9/x")).post("/endpoints")
                        .then().statusCode(403));
        TestTokens.withoutToken(() -> given().get("/endpoints").then().statusCode(401).extract().statusCode());
        TestTokens.as(TestTokens.token().roles(Roles.CALLBACK_ADMIN).audience(Roles.ACCOUNT_AUDIENCE).sign(), () ->
                given().get("/endpoints").then().statusCode(401));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
