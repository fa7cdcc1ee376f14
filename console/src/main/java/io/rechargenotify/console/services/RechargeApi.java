package io.rechargenotify.console.services;

import io.rechargenotify.console.services.Views.OutboxRow;
import io.rechargenotify.console.services.Views.OutboxRowPage;
import io.rechargenotify.console.services.Views.Recharge;
import io.rechargenotify.console.services.Views.RechargePage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** recharge-service's API (docs/openapi/recharge-service.yaml), called with the console's token for that service. */
@RegisterRestClient(configKey = "recharge-api")
@RegisterProvider(ServiceProblems.OfRechargeService.class)
@ClientHeaderParam(name = "Authorization", value = ServiceTokens.RECHARGE, required = false)
@ClientHeaderParam(name = Operators.HEADER, value = Operators.NAME, required = false)
public interface RechargeApi {

    String SERVICE = "recharge-service";

    @GET
    @Path("/recharges/{txNo}")
    Recharge recharge(@PathParam("txNo") String txNo);

    @GET
    @Path("/recharges")
    RechargePage pending(@QueryParam("status") String status, @QueryParam("createdBefore") String createdBefore,
            @QueryParam("after") String after, @QueryParam("limit") int limit);

    @GET
    @Path("/outbox/parked")
    OutboxRowPage parked(@QueryParam("after") Long after, @QueryParam("limit") int limit);

    @GET
    @Path("/outbox/{id}")
    OutboxRow outboxRow(@PathParam("id") long id);

    @GET
    @Path("/outbox")
    OutboxRowPage outboxRows(@QueryParam("txNo") String txNo, @QueryParam("limit") int limit);

    @POST
    @Path("/outbox/{id}/unpark")
    OutboxRow unpark(@PathParam("id") long id);
}
