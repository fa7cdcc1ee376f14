package io.rechargenotify.account.api;

import io.rechargenotify.account.deadletter.DeadLetterService;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
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

    /** Oldest first; {@code next} is the {@code after} of the following page, null on the last. */
    @GET
    public Uni<DeadLetterPage> list(
            @QueryParam("after") @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @QueryParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("open") @DefaultValue("false") boolean openOnly) {
        return deadLetters.page(after, limit, Optional.ofNullable(accountNo), openOnly).map(letters -> {
            List<DeadLetterView> items = letters.stream().map(DeadLetterView::of).toList();
            Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
            return new DeadLetterPage(items, next);
        });
    }

    @GET
    @Path("/{id}")
    public Uni<DeadLetterView> get(@PathParam("id") @Min(1) long id) {
        return deadLetters.find(id).map(DeadLetterView::of);
    }

    /** Sends the dead letter through normal processing once more; replaying it again answers the same. */
    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Path("/{id}/replay")
    public Uni<DeadLetterView> replay(@PathParam("id") @Min(1) long id) {
        return deadLetters.replay(id, caller.name()).map(DeadLetterView::of);
    }

    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeadLetterService.ReplaySummary> replayAll(
            @NotNull(message = "a JSON body is required, {} for all") @Valid BulkReplayRequest request) {
        return deadLetters.replayAll(Optional.ofNullable(request.accountNo()), request.limitOrDefault(), caller.name());
    }

    /** A page of dead letters. */
    public record DeadLetterPage(List<DeadLetterView> items, Long next) {
    }
}
