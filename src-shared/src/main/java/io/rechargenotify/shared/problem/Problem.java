package io.rechargenotify.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the error body of both services' APIs.
 *
 * @param type       a URI naming the kind of problem
 * @param title      a short summary of the kind of problem
 * @param status     the HTTP status code
 * @param detail     what went wrong this time, in words an operator understands
 * @param instance   the request path
 * @param violations the invalid fields of a request, when there are any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance,
        List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_BASE = "https://recharge-notify.io/problems/";

    /** A problem of the kind {@code slug}, e.g. {@code validation} becomes {@code .../problems/validation}. */
    public static Problem of(String slug, String title, int status, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, instance, List.of());
    }

    public Problem withViolations(List<Violation> fieldViolations) {
        return new Problem(type, title, status, detail, instance, List.copyOf(fieldViolations));
    }

    /** One invalid field: where it is and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
