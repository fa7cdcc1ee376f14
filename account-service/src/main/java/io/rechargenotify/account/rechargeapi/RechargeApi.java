package io.rechargenotify.account.rechargeapi;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * The recharge API of recharge-service as account-service uses it. Call it through {@link RechargeGateway}, which
 * adds the timeouts, retries, circuit breaker and bulkhead.
 */
@RegisterRestClient(configKey = "recharge-api")
@ClientHeaderParam(name = "Authorization",
        value = "{io.rechargenotify.account.rechargeapi.RechargeServiceToken.header}", required = false)
@Path("/recharges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface RechargeApi {

    @POST
    Uni<RemoteRecharge> submit(RemoteRechargeRequest request);

    @GET
    @Path("/{txNo}")
    Uni<RemoteRecharge> find(@PathParam("txNo") UUID txNo);

    @GET
    Uni<RemoteRechargePage> completed(@QueryParam("completedFrom") String completedFrom,
            @QueryParam("completedTo") String completedTo, @QueryParam("after") String after,
            @QueryParam("limit") int limit);

    /**
     * Answers and failures apart: 404 is an answer (no such recharge), another 4xx a refusal that repeating will not
     * change, everything else a failure that a later call may not meet: 5xx, 408, 429, and 401/403 (our service
     * token is missing or wrong – a configuration fault, never a reason to give a recharge up as FAILED).
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return new RechargeNotFoundAtSourceException();
        }
        if (status == 401 || status == 403) {
            return new RechargeServiceFailureException("recharge-service refused account-service's service token ("
                    + status + "): check RECHARGE_API_TOKEN_FILE or RECHARGE_API_TOKEN");
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new RechargeRejectedException(status, response.hasEntity()
                    ? response.readEntity(String.class) : "");
        }
        return new RechargeServiceFailureException("recharge-service answered " + status);
    }
}
