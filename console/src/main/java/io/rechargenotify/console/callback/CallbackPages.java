package io.rechargenotify.console.callback;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.CallbackApi;
import io.rechargenotify.console.services.Views.DeliveryDetail;
import io.rechargenotify.console.services.Views.DeliveryPage;
import io.rechargenotify.console.services.Views.Endpoint;
import io.rechargenotify.console.services.Views.EndpointPage;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Callbacks (callback-service): the receivers' endpoints – failing or disabled first to the eye –, an endpoint's
 * deliveries, one delivery with its attempts and resends. Resend a delivery, enable an endpoint callback-service
 * disabled; callback-service records who did it.
 */
@Path("/callbacks")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class CallbackPages {

    private static final Set<String> DELIVERY_STATUSES = Set.of("PENDING", "SUCCEEDED", "FAILED");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance endpoints(Page page, EndpointPage endpoints);

        static native TemplateInstance endpoint(Page page, Endpoint endpoint, DeliveryPage deliveries, String status);

        static native TemplateInstance endpoint$state(Page page, Endpoint endpoint);

        static native TemplateInstance delivery(Page page, DeliveryDetail delivery);

        static native TemplateInstance delivery$resend(Page page, DeliveryDetail delivery);
    }

    private final Pages pages;
    private final CallbackApi callback;
    private final ConsoleConfig config;

    public CallbackPages(Pages pages, @RestClient CallbackApi callback, ConsoleConfig config) {
        this.pages = pages;
        this.callback = callback;
        this.config = config;
    }

    @GET
    public TemplateInstance endpoints(@QueryParam("after") String after) {
        return Templates.endpoints(pages.page("Callback endpoints"), callback.endpoints(after, config.pageSize()));
    }

    @GET
    @Path("/endpoints/{id}")
    public TemplateInstance endpoint(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("after") String after) {
        String only = status == null || status.isBlank() ? null : status.strip();
        if (only != null && !DELIVERY_STATUSES.contains(only)) {
            throw new BadRequestException("status is PENDING, SUCCEEDED or FAILED");
        }
        Endpoint endpoint = callback.endpoint(id);
        return Templates.endpoint(pages.page("Endpoint " + endpoint.url()), endpoint,
                callback.deliveries(id, after, config.pageSize(), only), only);
    }

    @POST
    @Path("/endpoints/{id}/enable")
    @RolesAllowed(Pages.WRITE)
    public Object enable(@PathParam("id") String id) {
        Endpoint enabled = callback.enable(id);
        if (pages.fragmentWanted()) {
            return Templates.endpoint$state(pages.page("Endpoint " + enabled.url()), enabled);
        }
        return Pages.seeOther("/callbacks/endpoints/" + enabled.id());
    }

    @GET
    @Path("/deliveries/{id}")
    public TemplateInstance delivery(@PathParam("id") String id) {
        return Templates.delivery(pages.page("Delivery " + id), callback.delivery(id));
    }

    @POST
    @Path("/deliveries/{id}/resend")
    @RolesAllowed(Pages.WRITE)
    public Object resend(@PathParam("id") String id) {
        DeliveryDetail resent = callback.resend(id);
        if (pages.fragmentWanted()) {
            return Templates.delivery$resend(pages.page("Delivery " + id), resent);
        }
        return Pages.seeOther("/callbacks/deliveries/" + resent.id());
    }
}
