package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.domain.IdempotencyConflictException;
import io.rechargenotify.recharge.domain.RechargeNotFoundException;
import io.rechargenotify.recharge.outbox.OutboxRowNotFoundException;
import io.rechargenotify.recharge.outbox.OutboxRowNotParkedException;
import io.rechargenotify.shared.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The domain errors of recharge-service as RFC 9457 problems; the shared ones are in ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response notFound(RechargeNotFoundException e, UriInfo uri) {
        return Problems.response("recharge-not-found", "Recharge not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response outboxRowNotFound(OutboxRowNotFoundException e, UriInfo uri) {
        return Problems.response("outbox-row-not-found", "Outbox row not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response outboxRowNotParked(OutboxRowNotParkedException e, UriInfo uri) {
        return Problems.response("outbox-row-not-parked", "Outbox row not parked", 409, e, uri);
    }

    @ServerExceptionMapper
    public Response conflict(IdempotencyConflictException e, UriInfo uri) {
        return Problems.response("idempotency-conflict", "txNo already used", 409, e, uri);
    }
}
