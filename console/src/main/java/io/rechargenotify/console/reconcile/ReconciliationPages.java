package io.rechargenotify.console.reconcile;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.AccountApi;
import io.rechargenotify.console.services.ReconciliationApi;
import io.rechargenotify.console.services.Views.Reconciliation;
import io.rechargenotify.console.services.Views.ReconciliationPage;
import io.rechargenotify.console.services.Views.ReconciliationRequest;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reconciliation (account-service): past runs newest first, one run's report (what it repaired, what it could not),
 * and a run started for a closed window – recorded with the operator's name.
 */
@Path("/reconciliations")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class ReconciliationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page page, ReconciliationPage runs, String status, Instant defaultFrom,
                Instant defaultTo);

        static native TemplateInstance run(Page page, Reconciliation run);
    }

    private final Pages pages;
    private final AccountApi account;
    private final ReconciliationApi runs;
    private final ConsoleConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReconciliationPages(Pages pages, @RestClient AccountApi account, @RestClient ReconciliationApi runs,
            ConsoleConfig config) {
        this.pages = pages;
        this.account = account;
        this.runs = runs;
        this.config = config;
    }

    @GET
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("after") Long after) {
        String filter = status == null || status.isBlank() ? null : status;
        // the form offers yesterday (UTC), the last closed day, as the window
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        return Templates.list(pages.page("Reconciliation"), account.reconciliations(after, config.pageSize(), filter),
                filter, today.minus(1, ChronoUnit.DAYS), today);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance run(@PathParam("id") long id) {
        return Templates.run(pages.page("Reconciliation run " + id), account.reconciliation(id));
    }

    /** Runs synchronously at account-service (one run at a time there); the report page shows what it found. */
    @POST
    @RolesAllowed(Pages.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object start(@FormParam("from") String from, @FormParam("to") String to) {
        Reconciliation run = runs.reconcile(new ReconciliationRequest(from, to));
        return Pages.seeOther("/reconciliations/" + run.id());
    }
}
