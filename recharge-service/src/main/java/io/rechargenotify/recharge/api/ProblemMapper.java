package io.rechargenotify.recharge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.rechargenotify.recharge.domain.IdempotencyConflictException;
import io.rechargenotify.recharge.domain.RechargeNotFoundException;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.problem.Problems;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of recharge-service as an RFC 9457 problem; nothing internal (stack, SQL) reaches the client. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response notFound(RechargeNotFoundException e, UriInfo uri) {
        return Problems.response(Problem.of("recharge-not-found", "Recharge not found", 404, e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response conflict(IdempotencyConflictException e, UriInfo uri) {
        return Problems.response(Problem.of("idempotency-conflict", "txNo already used", 409, e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        return Problems.response(Problems.validation(e, uri.getPath()));
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e, UriInfo uri) {
        return Problems.response(Problems.badRequest(e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper({ JsonProcessingException.class, JsonMappingException.class,
            MismatchedInputException.class })
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return Problems.response(Problems.unreadableJson(e, uri.getPath()));
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
