package io.rechargenotify.console.stuck;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.AccountApi;
import io.rechargenotify.console.services.RechargeApi;
import io.rechargenotify.console.services.Views.AccountRecharge;
import io.rechargenotify.console.services.Views.AccountRechargePage;
import io.rechargenotify.console.services.Views.RechargePage;
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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Recharges PENDING past their threshold on either side: at recharge-service (the payment channel has not answered)
 * and at account-service (a recharge it started has no final answer yet, with the checks it made). "Reconcile now"
 * asks account-service to check one with recharge-service at once.
 */
@Path("/stuck")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class StuckPages {

    private static final String PENDING = "PENDING";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance stuck(Page page, RechargePage atRecharge, AccountRechargePage atAccount,
                Instant rechargeBefore, Instant accountBefore, String rechargeAfter, String accountAfter);

        static native TemplateInstance stuck$check(Page page, AccountRecharge r);
    }

    private final Pages pages;
    private final RechargeApi recharge;
    private final AccountApi account;
    private final ConsoleConfig config;
    private final Clock clock;

    public StuckPages(Pages pages, @RestClient RechargeApi recharge, @RestClient AccountApi account,
            ConsoleConfig config) {
        this.pages = pages;
        this.recharge = recharge;
        this.account = account;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    @GET
    public TemplateInstance stuck(@QueryParam("rechargeAfter") String rechargeAfter,
            @QueryParam("accountAfter") String accountAfter) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant rechargeBefore = now.minus(config.stuck().rechargeAfter());
        Instant accountBefore = now.minus(config.stuck().accountAfter());
        RechargePage atRecharge = recharge.pending(PENDING, rechargeBefore.toString(), rechargeAfter,
                config.pageSize());
        AccountRechargePage atAccount = account.recharges(PENDING, accountBefore.toString(), accountAfter,
                config.pageSize());
        return Templates.stuck(pages.page("Stuck recharges"), atRecharge, atAccount, rechargeBefore, accountBefore,
                rechargeAfter, accountAfter);
    }

    @POST
    @Path("/{accountNo}/{txNo}/reconcile")
    @RolesAllowed(Pages.WRITE)
    public Object reconcileNow(@PathParam("accountNo") String accountNo, @PathParam("txNo") String txNo) {
        AccountRecharge checked = account.reconcileNow(accountNo, txNo);
        if (pages.fragmentWanted()) {
            return Templates.stuck$check(pages.page("Stuck recharges"), checked);
        }
        return Pages.seeOther("/lookup?txNo=" + checked.txNo());
    }
}
