package io.rechargenotify.account.api;

import io.rechargenotify.account.domain.AccountExistsException;
import io.rechargenotify.account.domain.AccountNotFoundException;
import io.rechargenotify.account.deadletter.DeadLetterNotFoundException;
import io.rechargenotify.account.deadletter.ReplayFailedException;
import io.rechargenotify.account.ledger.LedgerEntryNotFoundException;
import io.rechargenotify.account.recharge.AccountRechargeNotFoundException;
import io.rechargenotify.account.reconcile.ReconciliationBusyException;
import io.rechargenotify.account.reconcile.ReconciliationNotFoundException;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.problem.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The domain errors of account-service as RFC 9457 problems; the shared ones are in ProblemMappers. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response notFound(AccountNotFoundException e, UriInfo uri) {
        return Problems.response("account-not-found", "Account not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response exists(AccountExistsException e, UriInfo uri) {
        return Problems.response("account-exists", "Account already exists", 409, e, uri);
    }

    @ServerExceptionMapper
    public Response deadLetterNotFound(DeadLetterNotFoundException e, UriInfo uri) {
        return Problems.response("dead-letter-not-found", "Dead letter not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response replayFailed(ReplayFailedException e, UriInfo uri) {
        return Problems.response("replay-failed", "Replay failed", 409, e, uri);
    }

    @ServerExceptionMapper
    public Response rechargeNotFound(AccountRechargeNotFoundException e, UriInfo uri) {
        return Problems.response("recharge-not-found", "Recharge not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response ledgerEntryNotFound(LedgerEntryNotFoundException e, UriInfo uri) {
        return Problems.response("ledger-entry-not-found", "Ledger entry not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response rechargeServiceUnavailable(RechargeServiceUnavailableException e, UriInfo uri) {
        return Response.fromResponse(Problems.response("recharge-service-unavailable",
                "recharge-service unavailable", 503, e, uri)).header("Retry-After", 30).build();
    }

    @ServerExceptionMapper
    public Response reconciliationNotFound(ReconciliationNotFoundException e, UriInfo uri) {
        return Problems.response("reconciliation-not-found", "Reconciliation not found", 404, e, uri);
    }

    @ServerExceptionMapper
    public Response reconciliationBusy(ReconciliationBusyException e, UriInfo uri) {
        return Problems.response("reconciliation-running", "Reconciliation already running", 409, e, uri);
    }

    @ServerExceptionMapper
    public Response duplicateKey(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        return Problems.response(Problem.of("conflict", "Conflict", 409,
                "The request conflicts with a concurrent one; read the resource and retry", uri.getPath()));
    }
}
