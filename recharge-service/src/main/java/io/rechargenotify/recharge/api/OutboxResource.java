package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.outbox.OutboxRecord;
import io.rechargenotify.recharge.outbox.ParkedRows;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The outbox for operators: a recharge's rows (did its result's notification go out?), and rows the relay parked
 * because the broker refused them for good (too large, say), which wait here until someone looks. Returning one to the
 * relay is recorded with who did it.
 */
@Path("/outbox")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final ParkedRows parked;
    private final Caller caller;

    public OutboxResource(ParkedRows parked, Caller caller) {
        this.parked = parked;
        this.caller = caller;
    }

    /**
     * A recharge's outbox rows, newest first, without payloads: the notification of its result (normally one row;
     * none before the result, or once retention deleted it) – the operators' txNo look-up.
     */
    @RolesAllowed(Roles.OPS_READ)
    @GET
    @Operation(operationId = "listOutboxRowsOfRecharge", summary = "A recharge's outbox rows, newest first")
    @APIResponse(responseCode = "200", description = "A page without payloads, empty when the recharge has no rows; "
            + "follow next until it is null",
            content = @Content(schema = @Schema(implementation = OutboxRowView.Page.class)))
    public Uni<OutboxRowView.Page> listOfRecharge(
            @QueryParam("txNo") @Parameter(required = true, description = "The recharge's txNo", schema = @Schema(
                    type = SchemaType.STRING, format = "uuid")) String txNo,
            @QueryParam("after") @Parameter(description = "The next of the previous page: rows older than that one",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1")) String after,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1", maximum = "200", defaultValue = "50")) String limit) {
        UUID recharge = TxNo.parse(txNo).value();
        long beforeId = QueryParams.longInRange("after", after, Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int pageSize = QueryParams.intInRange("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
        return parked.ofRecharge(recharge, beforeId, pageSize + 1).map(rows -> page(rows, pageSize));
    }

    @RolesAllowed(Roles.OPS_READ)
    @GET
    @Path("/parked")
    @Operation(operationId = "listParkedOutboxRows", summary = "Outbox rows the relay parked, oldest first")
    @APIResponse(responseCode = "200", description = "A page without payloads; follow next until it is null",
            content = @Content(schema = @Schema(implementation = OutboxRowView.Page.class)))
    public Uni<OutboxRowView.Page> listParked(
            @QueryParam("after") @Parameter(description = "The next of the previous page", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0")) String after,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32",
                    minimum = "1", maximum = "200", defaultValue = "50")) String limit) {
        long afterId = QueryParams.longInRange("after", after, 0, 0, Long.MAX_VALUE);
        int pageSize = QueryParams.intInRange("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
        return parked.page(afterId, pageSize + 1).map(rows -> page(rows, pageSize));
    }

    @RolesAllowed(Roles.OPS_READ)
    @GET
    @Path("/{id}")
    @Operation(operationId = "getOutboxRow", summary = "One outbox row, with its payload")
    @APIResponse(responseCode = "200", description = "The row",
            content = @Content(schema = @Schema(implementation = OutboxRowView.class)))
    @APIResponse(responseCode = "404", description = "No such row (published rows go after the retention period)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OutboxRowView> get(@PathParam("id") @Min(1) long id) {
        return parked.find(id).map(OutboxRowView::of);
    }

    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Path("/{id}/unpark")
    @Operation(operationId = "unparkOutboxRow", summary = "Return a parked row to the relay",
            description = "For after its cause is fixed (a raised size limit, a topic's ACL). The relay publishes it "
                    + "at once; should the broker refuse it again, it is parked again with the new error.")
    @APIResponse(responseCode = "200", description = "Unparked: the row, with who did it",
            content = @Content(schema = @Schema(implementation = OutboxRowView.class)))
    @APIResponse(responseCode = "404", description = "No such row",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The row is not parked (published, or waiting anyway)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OutboxRowView> unpark(@PathParam("id") @Min(1) long id) {
        return parked.unpark(id, caller.name()).map(OutboxRowView::of);
    }

    /** Up to {@code pageSize} rows as listed (no payloads); one row more than that means there is a next page. */
    private static OutboxRowView.Page page(List<OutboxRecord> rows, int pageSize) {
        List<OutboxRowView> items = rows.stream().limit(pageSize).map(OutboxRowView::listed).toList();
        return new OutboxRowView.Page(items, rows.size() > pageSize ? items.get(pageSize - 1).id() : null);
    }
}
