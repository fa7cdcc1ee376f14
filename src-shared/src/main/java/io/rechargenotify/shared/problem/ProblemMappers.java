package io.rechargenotify.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors both APIs share, as RFC 9457 problems: invalid fields, unreadable JSON, framework statuses (404 unknown
 * path, 405, 415 ...), and anything unexpected (a 500 that shows no stack or SQL). Each service's own ProblemMapper
 * adds its domain errors.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        return Problems.response(Problems.validation(e, uri.getPath()));
    }

    @ServerExceptionMapper({ JsonProcessingException.class, JsonMappingException.class,
            MismatchedInputException.class })
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return Problems.response(Problems.unreadableJson(e, uri.getPath()));
    }

    /**
     * No valid bearer token. Authentication is not proactive (application.properties), so a missing, expired or
     * forged token reaches this mapper and is answered with a problem like every other error.
     */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problems.response(Problem.of("unauthorized", "Unauthorized", 401,
                "a valid bearer token is required", uri.getPath())))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problems.response(Problem.of("forbidden", "Forbidden", 403,
                "the token's roles do not allow this call", uri.getPath()));
    }

    /** Both APIs report a bad path or query parameter (txNo, window, cursor) as an IllegalArgumentException. */
    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e, UriInfo uri) {
        return Problems.response(Problems.badRequest(e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        return Problems.response(Problems.fromStatus(e.getResponse().getStatus(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected error on %s", uri.getPath());
        return Problems.response(Problems.internal(uri.getPath()));
    }
}
