package io.rechargenotify.console.services;

import io.rechargenotify.console.services.Views.Reconciliation;
import io.rechargenotify.console.services.Views.ReconciliationRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * account-service's {@code POST /reconciliations} on a client of its own: the call answers when the run has ended,
 * minutes for a busy window, so it waits longer than the other calls (quarkus.rest-client.reconciliation-api).
 */
@RegisterRestClient(configKey = "reconciliation-api")
@RegisterProvider(ServiceProblems.OfAccountService.class)
@ClientHeaderParam(name = "Authorization", value = ServiceTokens.ACCOUNT, required = false)
@ClientHeaderParam(name = Operators.HEADER, value = Operators.NAME, required = false)
public interface ReconciliationApi {

    @POST
    @Path("/reconciliations")
    Reconciliation reconcile(ReconciliationRequest window);
}
