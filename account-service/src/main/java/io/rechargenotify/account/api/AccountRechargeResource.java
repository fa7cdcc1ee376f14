package io.rechargenotify.account.api;

import io.rechargenotify.account.recharge.AccountRechargeService;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import io.rechargenotify.account.reconcile.PendingCheck;
import io.rechargenotify.account.reconcile.PendingReconciler;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Recharges an account asks for, their local status, and the active query (主动查询) of one. */
@Path("/accounts/{accountNo}/recharges")
@Produces(MediaType.APPLICATION_JSON)
public class AccountRechargeResource {

    private static final String PENDING = """
            {"txNo":"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30","accountNo":"ACC-10001","amount":"100.00",\
            "currency":"CNY","status":"PENDING","createdAt":"2026-11-23T08:00:00.120Z","submissions":0,"checks":0}""";

    private final AccountRechargeService recharges;
    private final PendingReconciler reconciler;
    private final Caller caller;

    public AccountRechargeResource(AccountRechargeService recharges, PendingReconciler reconciler, Caller caller) {
        this.recharges = recharges;
        this.reconciler = reconciler;
        this.caller = caller;
    }

    /**
     * Records the recharge PENDING, then submits it to recharge-service. Always 202 PENDING once recorded: the
     * account is credited when the result arrives (notification, or reconciliation if that is lost), and a failed
     * submission is made good by reconciliation.
     */
    @RolesAllowed(Roles.ACCOUNT_WRITE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startRecharge", summary = "Start a recharge of this account")
    @APIResponse(responseCode = "202", description = "Recorded PENDING and submitted (or to be resubmitted)",
            content = @Content(schema = @Schema(implementation = AccountRechargeView.class),
                    examples = @ExampleObject(name = "pending", value = PENDING)))
    @APIResponse(responseCode = "400", description = "Invalid amount: greater than 0, at most 1000000.00, up to "
            + "two decimals")
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<Response> start(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @NotNull(message = "a JSON body is required") @Valid StartRechargeRequest request) {
        return recharges.start(accountNo, request.amount()).map(recharge -> Response.accepted(
                        AccountRechargeView.of(recharge))
                .location(UriBuilder.fromResource(AccountRechargeResource.class).path(recharge.txNo.toString())
                        .build(accountNo))
                .build());
    }

    /** The account's recharges started here, oldest first: PENDING ones are the stuck ones an operator looks for. */
    @RolesAllowed({ Roles.ACCOUNT_READ, Roles.OPS_READ })
    @GET
    @Operation(operationId = "listAccountRecharges", summary = "Recharges started for this account, oldest first")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is null",
            content = @Content(schema = @Schema(implementation = AccountRechargeView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AccountRechargeView.Page> list(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("status") @Pattern(regexp = AccountRechargeView.Page.STATUS_PATTERN,
                    message = AccountRechargeView.Page.STATUS_MESSAGE) @Parameter(schema = @Schema(
                    implementation = AccountRechargeStatus.class)) String status,
            @Valid @BeanParam RechargePageParams page) {
        return recharges.page(accountNo, Optional.ofNullable(status).map(AccountRechargeStatus::valueOf),
                page.position(), page.size()).map(page::of);
    }

    @RolesAllowed({ Roles.ACCOUNT_READ, Roles.OPS_READ })
    @GET
    @Path("/{txNo}")
    @Operation(operationId = "getAccountRecharge", summary = "The local status of a recharge started here")
    @APIResponse(responseCode = "200", description = "The recharge",
            content = @Content(schema = @Schema(implementation = AccountRechargeView.class)))
    @APIResponse(responseCode = "404", description = "This account has no such recharge")
    public Uni<AccountRechargeView> get(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @PathParam("txNo") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String txNo) {
        return recharges.find(accountNo, TxNo.parse(txNo).value()).map(AccountRechargeView::of);
    }

    /**
     * Asks recharge-service about the recharge now and applies the answer (it may credit: recorded with who asked,
     * {@code lastCheckedBy}); 503 if it did not answer. The account's owner ({@code account:write}) or an operator
     * ({@code ops:write}) may ask.
     */
    @RolesAllowed({ Roles.ACCOUNT_WRITE, Roles.OPS_WRITE })
    @POST
    @Path("/{txNo}/reconcile")
    @Operation(operationId = "reconcileAccountRecharge",
            summary = "Active query (主动查询): ask recharge-service now and apply its answer")
    @APIResponse(responseCode = "200", description = "The recharge after the answer was applied",
            content = @Content(schema = @Schema(implementation = AccountRechargeView.class)))
    @APIResponse(responseCode = "404", description = "This account has no such recharge")
    @APIResponse(responseCode = "503", description = "recharge-service did not answer; the recharge stays as it "
            + "was", headers = @Header(name = "Retry-After", description = "Seconds to wait before asking again",
            schema = @Schema(type = SchemaType.INTEGER)))
    public Uni<AccountRechargeView> reconcile(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @PathParam("txNo") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String txNo) {
        java.util.UUID id = TxNo.parse(txNo).value();
        String checkedBy = caller.name();
        return recharges.find(accountNo, id)
                .chain(recharge -> reconciler.checkNow(recharge, checkedBy))
                .invoke(outcome -> {
                    if (outcome == PendingCheck.QUERY_FAILED) {
                        throw new RechargeServiceUnavailableException(id);
                    }
                })
                .chain(() -> recharges.find(accountNo, id))
                .map(AccountRechargeView::of);
    }
}
