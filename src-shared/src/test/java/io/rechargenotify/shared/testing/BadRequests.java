package io.rechargenotify.shared.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of bad requests and the check every one of them must pass: a 4xx answer with an RFC 9457 problem body
 * whose status matches, and nothing of the implementation (stack frames, exception or SQL text) in it.
 */
public final class BadRequests {

    /** Text that has no business in an answer to a client. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at org.", "SQL", "hibernate",
            "vertx", "jackson", "Caused by");

    private final List<Case> cases = new ArrayList<>();

    /** One bad request; {@code body} null for none. */
    public record Case(String name, String method, String path, String contentType, String body) {
    }

    public BadRequests post(String name, String path, String body) {
        return add(new Case(name, "POST", path, "application/json", body));
    }

    public BadRequests post(String name, String path, String contentType, String body) {
        return add(new Case(name, "POST", path, contentType, body));
    }

    public BadRequests get(String name, String path) {
        return add(new Case(name, "GET", path, null, null));
    }

    private BadRequests add(Case bad) {
        cases.add(bad);
        return this;
    }

    public int size() {
        return cases.size();
    }

    /** Sends every request and asserts each answer; returns the status of each, in order. */
    public List<Integer> assertEachRefused() {
        List<Integer> statuses = new ArrayList<>();
        for (Case bad : cases) {
            RequestSpecification request = given();
            if (bad.contentType() != null) {
                request.contentType(bad.contentType());
            }
            if (bad.body() != null) {
                request.body(bad.body());
            }
            Response response = request.request(bad.method(), bad.path());
            String body = response.asString();
            assertThat(response.statusCode()).as(bad.name() + ": " + body).isBetween(400, 499);
            assertThat(response.contentType()).as(bad.name()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getInt("status")).as(bad.name()).isEqualTo(response.statusCode());
            assertThat(response.jsonPath().getString("title")).as(bad.name()).isNotBlank();
            for (String leak : LEAKS) {
                assertThat(body).as(bad.name() + " leaks implementation details").doesNotContainIgnoringCase(leak);
            }
            statuses.add(response.statusCode());
        }
        return statuses;
    }
}
