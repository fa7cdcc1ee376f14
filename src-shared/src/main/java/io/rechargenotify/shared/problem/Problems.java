package io.rechargenotify.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The problems both services answer with for the same kinds of bad requests, so a client sees one error language.
 * Messages name the field and the rule, never a Java type, a stack or SQL.
 */
public final class Problems {

    private Problems() {
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A domain error as a problem response: its message is the detail, the request path the instance. */
    public static Response response(String slug, String title, int status, Exception error, UriInfo uri) {
        return response(Problem.of(slug, title, status, error.getMessage(), uri.getPath()));
    }

    public static Problem validation(ConstraintViolationException e, String instance) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + " " + v.message())
                .collect(Collectors.joining("; "));
        return Problem.of("validation", "Invalid request", 400, detail, instance).withViolations(violations);
    }

    public static Problem unreadableJson(JsonProcessingException e, String instance) {
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "unknown field '" + pathOf(unknown) + "'";
        } else if (e instanceof InvalidFormatException invalid) {
            detail = "field '" + pathOf(invalid) + "' has an invalid value";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = "field '" + pathOf(mapping) + "' has the wrong type or format";
        } else {
            detail = "the body is not well-formed JSON";
        }
        return Problem.of("malformed-body", "Unreadable request body", 400, detail, instance);
    }

    public static Problem badRequest(String detail, String instance) {
        return Problem.of("bad-request", "Bad request", 400, detail, instance);
    }

    /** A problem for a status the framework chose (404 unknown path, 405, 413, 415 ...). */
    public static Problem fromStatus(int status, String instance) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return Problem.of("http-" + status, title, status, title, instance);
    }

    public static Problem payloadTooLarge(long limitBytes, String instance) {
        return Problem.of("payload-too-large", "Request body too large", 413,
                "the request body must not exceed " + limitBytes + " bytes", instance);
    }

    public static Problem internal(String instance) {
        return Problem.of("internal", "Internal error", 500,
                "The request could not be completed; it is safe to retry with the same txNo", instance);
    }

    /** "create.request.amount" (method, parameter, field) becomes "amount"; a violated parameter keeps its name. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            names.add(node.getName());
        }
        if (names.size() > 2) {
            return String.join(".", names.subList(2, names.size()));
        }
        return names.isEmpty() ? "request" : names.get(names.size() - 1);
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
