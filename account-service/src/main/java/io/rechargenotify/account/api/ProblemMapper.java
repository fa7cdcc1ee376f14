package io.rechargenotify.account.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.rechargenotify.account.domain.AccountExistsException;
import io.rechargenotify.account.domain.AccountNotFoundException;
import io.rechargenotify.account.deadletter.DeadLetterNotFoundException;
import io.rechargenotify.account.deadletter.ReplayFailedException;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.problem.Problems;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of account-service as an RFC 9457 problem; nothing internal (stack, SQL) reaches the client. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response notFound(AccountNotFoundException e, UriInfo uri) {
        return Problems.response(Problem.of("account-not-found", "Account not found", 404, e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response exists(AccountExistsException e, UriInfo uri) {
        return Problems.response(Problem.of("account-exists", "Account already exists", 409, e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response deadLetterNotFound(DeadLetterNotFoundException e, UriInfo uri) {
        return Problems.response(Problem.of("dead-letter-not-found", "Dead letter not found", 404, e.getMessage(),
                uri.getPath()));
    }

    @ServerExceptionMapper
    public Response replayFailed(ReplayFailedException e, UriInfo uri) {
        return Problems.response(Problem.of("replay-failed", "Replay failed", 409, e.getMessage(), uri.getPath()));
    }

    @ServerExceptionMapper
    public Response duplicateKey(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        return Problems.response(Problem.of("conflict", "Conflict", 409,
                "The request conflicts with a concurrent one; read the resource and retry", uri.getPath()));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        return Problems.response(Problems.validation(e, uri.getPath()));
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
