package io.rechargenotify.console.deadletter;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.AccountApi;
import io.rechargenotify.console.services.Views.BulkReplay;
import io.rechargenotify.console.services.Views.DeadLetter;
import io.rechargenotify.console.services.Views.DeadLetterPage;
import io.rechargenotify.console.services.Views.ReplaySummary;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Dead letters (account-service): filter by account, txNo, open or all; inspect one (payload, where it came from, its
 * history); replay one, or every open one of an account. A replay is done by account-service, recorded with the
 * operator's name; the page shows its result in place.
 */
@Path("/dead-letters")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class DeadLetterPages {

    /** The most open dead letters of one account a bulk replay takes at once (account-service's own bound is 1000). */
    static final int BULK_LIMIT = 500;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page page, DeadLetterPage letters, String accountNo, String txNo,
                boolean open, ReplaySummary bulk);

        static native TemplateInstance detail(Page page, DeadLetter letter);

        static native TemplateInstance detail$replay(Page page, DeadLetter letter);

        static native TemplateInstance list$bulk(ReplaySummary bulk, String accountNo);
    }

    private final Pages pages;
    private final AccountApi account;
    private final ConsoleConfig config;

    public DeadLetterPages(Pages pages, @RestClient AccountApi account, ConsoleConfig config) {
        this.pages = pages;
        this.account = account;
        this.config = config;
    }

    @GET
    public TemplateInstance list(@QueryParam("accountNo") String accountNo, @QueryParam("txNo") String txNo,
            @QueryParam("open") boolean open, @QueryParam("after") Long after) {
        DeadLetterPage letters = account.deadLetters(after, config.pageSize(), blankToNull(accountNo),
                open ? Boolean.TRUE : null, blankToNull(txNo));
        return Templates.list(pages.page("Dead letters"), letters, blankToNull(accountNo), blankToNull(txNo), open,
                null);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance detail(@PathParam("id") long id) {
        return Templates.detail(pages.page("Dead letter " + id), account.deadLetter(id));
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Pages.WRITE)
    public Object replay(@PathParam("id") long id) {
        DeadLetter replayed = account.replay(id);
        if (pages.fragmentWanted()) {
            return Templates.detail$replay(pages.page("Dead letter " + id), replayed);
        }
        return Pages.seeOther("/dead-letters/" + id);
    }

    @POST
    @Path("/replay")
    @RolesAllowed(Pages.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object replayAccount(@FormParam("accountNo") String accountNo) {
        if (accountNo == null || accountNo.isBlank()) {
            throw new BadRequestException("Name the account whose open dead letters to replay.");
        }
        ReplaySummary summary = account.replayAll(new BulkReplay(accountNo, BULK_LIMIT));
        if (pages.fragmentWanted()) {
            return Templates.list$bulk(summary, accountNo);
        }
        DeadLetterPage letters = account.deadLetters(null, config.pageSize(), accountNo, null, null);
        return Response.ok(Templates.list(pages.page("Dead letters"), letters, accountNo, null, false, summary))
                .build();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
