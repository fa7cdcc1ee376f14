package io.rechargenotify.account.api;

import io.rechargenotify.account.recharge.AccountRechargeService;
import io.rechargenotify.account.recharge.AccountRechargeStatus;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The recharges started here across all accounts, by status: with {@code status=PENDING} and {@code createdBefore},
 * the stuck ones an operator looks at (with their checks), oldest first.
 */
@Path("/recharges")
@Produces(MediaType.APPLICATION_JSON)
public class RechargeListResource {

    private final AccountRechargeService recharges;

    public RechargeListResource(AccountRechargeService recharges) {
        this.recharges = recharges;
    }

    /** In creation order; {@code next} is the {@code after} of the following page, null on the last. */
    @RolesAllowed(Roles.OPS_READ)
    @GET
    @Operation(operationId = "listRechargesByStatus", summary = "Recharges started here in one status, all "
            + "accounts, oldest first",
            description = "With status=PENDING and createdBefore: the stuck ones, each with its checks (checks, "
                    + "lastCheckedAt, lastCheck, lastCheckedBy, nextCheckAt).")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is null",
            content = @Content(schema = @Schema(implementation = AccountRechargeView.Page.class)))
    public Uni<AccountRechargeView.Page> list(
            @QueryParam("status") @NotNull(message = "is required")
            @Pattern(regexp = AccountRechargeView.Page.STATUS_PATTERN,
                    message = AccountRechargeView.Page.STATUS_MESSAGE) @Parameter(required = true, schema = @Schema(
                    implementation = AccountRechargeStatus.class)) String status,
            @QueryParam("createdBefore") @Pattern(regexp = PageParams.INSTANT_PATTERN,
                    message = PageParams.INSTANT_MESSAGE) @Parameter(description = "Started before (exclusive)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) String createdBefore,
            @Valid @BeanParam RechargePageParams page) {
        return recharges.page(AccountRechargeStatus.valueOf(status), PageParams.instant("createdBefore", createdBefore),
                page.position(), page.size()).map(page::of);
    }
}
