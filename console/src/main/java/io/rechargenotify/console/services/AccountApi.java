package io.rechargenotify.console.services;

import io.rechargenotify.console.services.Views.AccountRecharge;
import io.rechargenotify.console.services.Views.AccountRechargePage;
import io.rechargenotify.console.services.Views.BulkReplay;
import io.rechargenotify.console.services.Views.DeadLetter;
import io.rechargenotify.console.services.Views.DeadLetterPage;
import io.rechargenotify.console.services.Views.LedgerEntry;
import io.rechargenotify.console.services.Views.ReconciliationPage;
import io.rechargenotify.console.services.Views.Reconciliation;
import io.rechargenotify.console.services.Views.ReplaySummary;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** account-service's API (docs/openapi/account-service.yaml), called with the console's token for that service. */
@RegisterRestClient(configKey = "account-api")
@RegisterProvider(ServiceProblems.OfAccountService.class)
@ClientHeaderParam(name = "Authorization", value = ServiceTokens.ACCOUNT, required = false)
@ClientHeaderParam(name = Operators.HEADER, value = Operators.NAME, required = false)
public interface AccountApi {

    String SERVICE = "account-service";

    @GET
    @Path("/dead-letters")
    DeadLetterPage deadLetters(@QueryParam("after") Long after, @QueryParam("limit") int limit,
            @QueryParam("accountNo") String accountNo, @QueryParam("open") Boolean open,
            @QueryParam("txNo") String txNo);

    @GET
    @Path("/dead-letters/{id}")
    DeadLetter deadLetter(@PathParam("id") long id);

    @POST
    @Path("/dead-letters/{id}/replay")
    DeadLetter replay(@PathParam("id") long id);

    @POST
    @Path("/dead-letters/replay")
    ReplaySummary replayAll(BulkReplay request);

    @GET
    @Path("/reconciliations")
    ReconciliationPage reconciliations(@QueryParam("after") Long after, @QueryParam("limit") int limit,
            @QueryParam("status") String status);

    @GET
    @Path("/reconciliations/{id}")
    Reconciliation reconciliation(@PathParam("id") long id);

    @GET
    @Path("/recharges")
    AccountRechargePage recharges(@QueryParam("status") String status,
            @QueryParam("createdBefore") String createdBefore, @QueryParam("after") String after,
            @QueryParam("limit") int limit);

    @GET
    @Path("/accounts/{accountNo}/recharges/{txNo}")
    AccountRecharge recharge(@PathParam("accountNo") String accountNo, @PathParam("txNo") String txNo);

    @POST
    @Path("/accounts/{accountNo}/recharges/{txNo}/reconcile")
    AccountRecharge reconcileNow(@PathParam("accountNo") String accountNo, @PathParam("txNo") String txNo);

    @GET
    @Path("/ledger/{txNo}")
    LedgerEntry ledgerEntry(@PathParam("txNo") String txNo);
}
