package io.rechargenotify.shared.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Every operation a service's OpenAPI document lists, called without a token and with a token lacking its role. The
 * list comes from {@code /q/openapi}, so an endpoint added later is checked without anyone remembering to.
 */
public final class SecuredEndpoints {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private SecuredEndpoints() {
    }

    /** One operation with sample values in its path parameters, e.g. {@code GET /recharges/<uuid>}. */
    public record Operation(String method, String path) {
        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    /** The operations of the running service's OpenAPI document (read without a token: it is public). */
    public static List<Operation> operations() {
        JsonPath openApi = TestTokens.withoutToken(() -> given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath());
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream().filter(METHODS::contains)
                .forEach(method -> operations.add(new Operation(method, withSamples(path)))));
        return operations;
    }

    /**
     * Asserts 401 (with a problem body and a Bearer challenge) for every operation: without a token, with garbage,
     * and with each of {@link TestTokens#forged()} – tokens that carry every role but are forged, expired, too old,
     * or for another audience or issuer.
     */
    public static void assertEachNeedsAToken(List<Operation> operations) {
        Map<String, String> refused = new LinkedHashMap<>(TestTokens.forged());
        refused.put("not a JWT", "not.a.jwt");
        for (Operation operation : operations) {
            assertUnauthorized(call(operation, spec -> spec), operation + " without a token");
            refused.forEach((forgery, token) -> assertUnauthorized(
                    call(operation, spec -> spec.header("Authorization", "Bearer " + token)),
                    operation + " with a token " + forgery));
        }
    }

    /** Asserts 401 with a problem body and a Bearer challenge for every operation, called with this token. */
    public static void assertEachRefusesToken(List<Operation> operations, String token) {
        for (Operation operation : operations) {
            assertUnauthorized(call(operation, spec -> spec.header("Authorization", "Bearer " + token)),
                    operation.toString());
        }
    }

    private static void assertUnauthorized(Response response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer");
    }

    /** Asserts 403 with a problem body for every operation, called with a valid token whose roles do not fit. */
    public static void assertEachRefuses(List<Operation> operations, String wrongRoleToken) {
        for (Operation operation : operations) {
            Response response = call(operation, spec -> spec.header("Authorization", "Bearer " + wrongRoleToken));
            assertThat(response.statusCode()).as(operation + " with the wrong role").isEqualTo(403);
            assertThat(response.contentType()).as(operation.toString()).startsWith("application/problem+json");
        }
    }

    /** Health, metrics and the OpenAPI document answer without any token (probes, scrapers, clients). */
    public static void assertProbesNeedNoToken() {
        TestTokens.withoutToken(() -> {
            given().get("/q/health/live").then().statusCode(200);
            given().get("/q/metrics").then().statusCode(200);
            return given().get("/q/openapi").then().statusCode(200);
        });
    }

    private static Response call(Operation operation, UnaryOperator<RequestSpecification> auth) {
        return TestTokens.withoutToken(() -> auth.apply(given().contentType(ContentType.JSON).body("{}"))
                .request(operation.method(), operation.path()));
    }

    private static String withSamples(String path) {
        return path.replaceAll("\\{txNo}", UUID.randomUUID().toString())
                .replaceAll("\\{accountNo}", "ACC-10001")
                .replaceAll("\\{id}", "1")
                .replaceAll("\\{[^}]+}", "x");
    }
}
