package io.rechargenotify.account.api;

import io.rechargenotify.account.deadletter.DeadLetterService;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Dead letters: list and inspect them ({@code ops:read}), replay one, or replay an account's (or all) open ones
 * ({@code ops:write}, recorded with who replayed).
 */
@RolesAllowed(Roles.OPS_READ)
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetterService deadLetters;
    private final Caller caller;

    public DeadLetterResource(DeadLetterService deadLetters, Caller caller) {
        this.deadLetters = deadLetters;
        this.caller = caller;
    }

    /**
     * Oldest first; {@code next} is the {@code after} of the following page, null on the last. The filters combine:
     * an account's, a recharge's (txNo), open ones.
     */
    @GET
    @Operation(operationId = "listDeadLetters", summary = "Dead letters, oldest first")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is null",
            content = @Content(schema = @Schema(implementation = DeadLetterPage.class)))
    public Uni<DeadLetterPage> list(
            @QueryParam("after") @DefaultValue("0")
            @Pattern(regexp = PageParams.AFTER_PATTERN, message = PageParams.AFTER_MESSAGE)
            @Parameter(description = "The next of the previous page", schema = @Schema(type = SchemaType.INTEGER,
                    format = "int64", minimum = "0", defaultValue = "0")) String after,
            @QueryParam("limit") @DefaultValue("100")
            @Pattern(regexp = PageParams.LIMIT_PATTERN, message = PageParams.LIMIT_MESSAGE)
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                    maximum = "1000", defaultValue = "100")) String limit,
            @QueryParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("open") @DefaultValue("false")
            @Pattern(regexp = PageParams.BOOLEAN_PATTERN, message = PageParams.BOOLEAN_MESSAGE)
            @Parameter(description = "Only those not replayed yet", schema = @Schema(type = SchemaType.BOOLEAN,
                    defaultValue = "false")) String open,
            @QueryParam("txNo") @Parameter(description = "Only those of this recharge", schema = @Schema(
                    type = SchemaType.STRING, format = "uuid")) String txNo) {
        long afterId = Long.parseLong(after);
        int pageSize = Integer.parseInt(limit);
        boolean openOnly = Boolean.parseBoolean(open);
        Optional<UUID> recharge = Optional.ofNullable(txNo).map(text -> TxNo.parse(text).value());
        return deadLetters.page(afterId, pageSize, Optional.ofNullable(accountNo), recharge, openOnly)
                .map(letters -> {
                    List<DeadLetterView> items = letters.stream().map(DeadLetterView::of).toList();
                    Long next = items.size() == pageSize ? items.get(items.size() - 1).id() : null;
                    return new DeadLetterPage(items, next);
                });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "One dead letter")
    @APIResponse(responseCode = "200", description = "The dead letter",
            content = @Content(schema = @Schema(implementation = DeadLetterView.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter")
    public Uni<DeadLetterView> get(@PathParam("id") @Min(1) long id) {
        return deadLetters.find(id).map(DeadLetterView::of);
    }

    /** Sends the dead letter through normal processing once more; replaying it again answers the same. */
    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Replay one dead letter through the ledger")
    @APIResponse(responseCode = "200", description = "Replayed now, or earlier (the earlier result and replayer)",
            content = @Content(schema = @Schema(implementation = DeadLetterView.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter")
    @APIResponse(responseCode = "409", description = "The replay failed (e.g. signature refused); it stays open")
    public Uni<DeadLetterView> replay(@PathParam("id") @Min(1) long id) {
        return deadLetters.replay(id, caller.name()).map(DeadLetterView::of);
    }

    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayDeadLetters", summary = "Replay the open dead letters of an account, or all")
    @APIResponse(responseCode = "200", description = "What the replays did",
            content = @Content(schema = @Schema(implementation = DeadLetterService.ReplaySummary.class)))
    @APIResponse(responseCode = "400", description = "Invalid accountNo or limit, or no body ({} for all)")
    public Uni<DeadLetterService.ReplaySummary> replayAll(
            @NotNull(message = "a JSON body is required, {} for all") @Valid BulkReplayRequest request) {
        return deadLetters.replayAll(Optional.ofNullable(request.accountNo()), request.limitOrDefault(), caller.name());
    }

    /** A page of dead letters. */
    public record DeadLetterPage(List<DeadLetterView> items,
            @Schema(nullable = true, description = "The after of the next page; null on the last page") Long next) {
    }
}
