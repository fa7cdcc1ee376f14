package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.AttemptInFlightException;
import io.rechargenotify.callback.delivery.DeliveryNotFoundException;
import io.rechargenotify.callback.endpoint.EndpointNotFoundException;
import io.rechargenotify.callback.endpoint.InvalidTargetException;
import io.rechargenotify.shared.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The domain errors of callback-service as RFC 9457 problems; the shared ones are in ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response notFound(EndpointNotFoundException e, UriInfo uri) {
        return Problems.response("endpoint-not-found", "Endpoint not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response deliveryNotFound(DeliveryNotFoundException e, UriInfo uri) {
        return Problems.response("delivery-not-found", "Delivery not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response attemptInFlight(AttemptInFlightException e, UriInfo uri) {
        return Problems.response("attempt-in-flight", "An attempt is in flight", 409, e, uri);
    }

    @ServerExceptionMapper
    public Response invalidTarget(InvalidTargetException e, UriInfo uri) {
        return Problems.response("invalid-url", "URL refused", 400, e, uri);
    }
}
