package io.rechargenotify.console.outbox;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.RechargeApi;
import io.rechargenotify.console.services.Views.OutboxRow;
import io.rechargenotify.console.services.Views.OutboxRowPage;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Parked outbox rows (recharge-service): results the relay gave up publishing after its attempts. Inspect one and
 * unpark it – the relay then publishes it on its next pass; recharge-service records who unparked it.
 */
@Path("/outbox")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class OutboxPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance parked(Page page, OutboxRowPage rows);

        static native TemplateInstance row(Page page, OutboxRow row);

        static native TemplateInstance row$unpark(Page page, OutboxRow row);
    }

    private final Pages pages;
    private final RechargeApi recharge;
    private final ConsoleConfig config;

    public OutboxPages(Pages pages, @RestClient RechargeApi recharge, ConsoleConfig config) {
        this.pages = pages;
        this.recharge = recharge;
        this.config = config;
    }

    @GET
    @Path("/parked")
    public TemplateInstance parked(@QueryParam("after") Long after) {
        return Templates.parked(pages.page("Parked outbox rows"), recharge.parked(after, config.pageSize()));
    }

    @GET
    @Path("/{id}")
    public TemplateInstance row(@PathParam("id") long id) {
        return Templates.row(pages.page("Outbox row " + id), recharge.outboxRow(id));
    }

    @POST
    @Path("/{id}/unpark")
    @RolesAllowed(Pages.WRITE)
    public Object unpark(@PathParam("id") long id) {
        OutboxRow row = recharge.unpark(id);
        if (pages.fragmentWanted()) {
            return Templates.row$unpark(pages.page("Outbox row " + id), row);
        }
        return Pages.seeOther("/outbox/" + id);
    }
}
