package io.rechargenotify.shared.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.rechargenotify.shared.problem.Problem;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every service's OpenAPI document must be, as the checks of each service's {@code ApiDocumentTest} (a
 * {@code @QuarkusTest} that names its service and a resource that does not exist): the served document is the one
 * committed in {@code docs/openapi/<service>.yaml}, so an API change is always a visible diff in review
 * ({@code bin/openapi-docs} copies the documents the build wrote, {@code target/openapi}, over the committed ones);
 * every operation is named; and a client accepting only problems gets its problem, not a 406.
 */
public abstract class ApiDocumentChecks {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    /** The service's name, as in {@code docs/openapi/<service>.yaml}. */
    protected abstract String service();

    /** The path of a GET the service answers with a 404 problem. */
    protected abstract String missingResource();

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String service = service();
        Path committed = Path.of("..", "docs", "openapi", service + ".yaml");
        if (!Files.exists(committed)) {
            fail("%s is missing: run bin/openapi-docs and commit it", committed);
        }
        String served = TestTokens.withoutToken(() -> given().accept("application/yaml").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        // Compared as documents: the build writes its copy with the keys in another order than the served one.
        String difference = firstDifference("", YAML.readTree(Files.readString(committed)), YAML.readTree(served));
        if (difference != null) {
            fail("The API of %s changed: the served document differs from %s at %s.%n"
                    + "Run bin/openapi-docs, then review and commit the diff.", service, committed, difference);
        }
    }

    /** The JSON pointer of the first place the two documents differ, with both values; null when they are equal. */
    private static String firstDifference(String at, JsonNode committed, JsonNode served) {
        if (committed.equals(served)) {
            return null;
        }
        if (committed.isObject() && served.isObject()) {
            Set<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String difference = firstDifference(at + "/" + name.replace("~", "~0").replace("/", "~1"),
                        committed.path(name), served.path(name));
                if (difference != null) {
                    return difference;
                }
            }
        }
        if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            for (int i = 0; i < committed.size(); i++) {
                String difference = firstDifference(at + "/" + i, committed.get(i), served.get(i));
                if (difference != null) {
                    return difference;
                }
            }
        }
        return String.format("%s%n  committed: %s%n  served:    %s", at.isEmpty() ? "/" : at,
                committed.isMissingNode() ? "<absent>" : committed, served.isMissingNode() ? "<absent>" : served);
    }

    /** Every operation has an operationId (unique: generated clients name their methods by it) and a summary. */
    @Test
    void everyOperationHasAnIdAndASummary() {
        Map<String, Map<String, Map<String, Object>>> paths = TestTokens.withoutToken(() -> given()
                .accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath().getMap("paths"));
        List<String> unnamed = new ArrayList<>();
        Set<Object> ids = new HashSet<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Object id = operation.get("operationId");
            if (id == null || operation.get("summary") == null || !ids.add(id)) {
                unnamed.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path + " (operationId " + id + ")");
            }
        }));
        assertThat(unnamed).as("operations without a unique operationId or a summary").isEmpty();
    }

    @Test
    void aClientAcceptingOnlyProblemsGetsItsProblemNot406() {
        given().accept(Problem.MEDIA_TYPE).get(missingResource())
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }
}
