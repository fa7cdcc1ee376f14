package io.rechargenotify.console.services;

import io.rechargenotify.console.services.Views.DeliveryDetail;
import io.rechargenotify.console.services.Views.DeliveryPage;
import io.rechargenotify.console.services.Views.Endpoint;
import io.rechargenotify.console.services.Views.EndpointPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** callback-service's API (docs/openapi/callback-service.yaml), called with the console's token for that service. */
@RegisterRestClient(configKey = "callback-api")
@RegisterProvider(ServiceProblems.OfCallbackService.class)
@ClientHeaderParam(name = "Authorization", value = ServiceTokens.CALLBACK, required = false)
@ClientHeaderParam(name = Operators.HEADER, value = Operators.NAME, required = false)
public interface CallbackApi {

    String SERVICE = "callback-service";

    @GET
    @Path("/endpoints")
    EndpointPage endpoints(@QueryParam("after") String after, @QueryParam("limit") int limit);

    @GET
    @Path("/endpoints/{id}")
    Endpoint endpoint(@PathParam("id") String id);

    @GET
    @Path("/endpoints/{id}/deliveries")
    DeliveryPage deliveries(@PathParam("id") String endpointId, @QueryParam("after") String after,
            @QueryParam("limit") int limit, @QueryParam("status") String status);

    @GET
    @Path("/deliveries")
    DeliveryPage deliveriesOf(@QueryParam("txNo") String txNo, @QueryParam("limit") int limit);

    @GET
    @Path("/deliveries/{id}")
    DeliveryDetail delivery(@PathParam("id") String id);

    @POST
    @Path("/deliveries/{id}/resend")
    DeliveryDetail resend(@PathParam("id") String id);

    @POST
    @Path("/endpoints/{id}/enable")
    Endpoint enable(@PathParam("id") String id);
}
