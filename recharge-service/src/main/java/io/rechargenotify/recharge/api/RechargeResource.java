package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.domain.CompletedRechargeQuery;
import io.rechargenotify.recharge.domain.PendingRechargeQuery;
import io.rechargenotify.recharge.domain.Recharge;
import io.rechargenotify.recharge.domain.RechargeCursor;
import io.rechargenotify.recharge.domain.RechargeService;
import io.rechargenotify.recharge.domain.RechargeStatus;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The recharge API: take a recharge, tell the truth about one, list completed ones for reconciliation. */
@Path("/recharges")
@Produces(MediaType.APPLICATION_JSON)
public class RechargeResource {

    private static final String EXAMPLE = """
            {"txNo":"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30","accountNo":"ACC-10001","amount":"100.00",\
            "currency":"CNY","status":"SUCCEEDED","createdAt":"2026-11-23T08:00:00.120Z",\
            "completedAt":"2026-11-23T08:00:00.180Z"}""";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final RechargeService recharges;

    public RechargeResource(RechargeService recharges) {
        this.recharges = recharges;
    }

    /** 201 with a new recharge; 200 with the stored one when an identical request repeats its txNo; 409 otherwise. */
    @RolesAllowed(Roles.RECHARGE_WRITE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRecharge", summary = "Take a recharge", description = "Charges the payment channel and records the outcome with "
            + "its notification in one transaction. Repeating a txNo with the same body returns the stored recharge.")
    @APIResponse(responseCode = "201", description = "Recharge taken (SUCCEEDED or FAILED, or PENDING if the channel "
            + "has not answered)", content = @Content(schema = @Schema(implementation = RechargeView.class),
            examples = @ExampleObject(name = "succeeded", value = EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The same txNo and body again: the stored recharge",
            content = @Content(schema = @Schema(implementation = RechargeView.class)))
    @APIResponse(responseCode = "400", description = "Invalid request", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "txNo already used with a different body", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body larger than api.max-body-size", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull(message = "a JSON body is required") @Valid CreateRechargeRequest request) {
        return recharges.submit(request.toNewRecharge()).map(submission -> {
            RechargeView view = RechargeView.of(submission.recharge());
            return Response.status(submission.created() ? Response.Status.CREATED : Response.Status.OK)
                    .location(UriBuilder.fromResource(RechargeResource.class).path(view.txNo().toString()).build())
                    .entity(view)
                    .build();
        });
    }

    /**
     * Completed recharges in completion order, for window reconciliation: {@code completedFrom} inclusive,
     * {@code completedTo} exclusive. A window whose end is in the past by more than the longest recharge is stable: no
     * row enters it later. Or, with {@code status=PENDING}, the recharges still waiting for the payment channel's
     * answer in creation order – {@code createdBefore} for the stuck ones. Follow {@code next} (also a
     * {@code Link rel="next"} header) until it is null.
     */
    @RolesAllowed({ Roles.RECHARGE_READ, Roles.OPS_READ })
    @GET
    @Operation(operationId = "listRecharges", summary = "List completed recharges in completion order (window "
            + "reconciliation), or PENDING ones in creation order")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is null",
            content = @Content(schema = @Schema(implementation = RechargePage.class)),
            headers = @Header(name = "Link", description = "rel=\"next\": the next page (absent on the last page)",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid parameter", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> list(
            @QueryParam("completedFrom") @Parameter(description = "Completed at or after (inclusive); not with PENDING",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) String completedFrom,
            @QueryParam("completedTo") @Parameter(description = "Completed before (exclusive); not with PENDING",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) String completedTo,
            @QueryParam("createdBefore") @Parameter(description = "Taken before (exclusive); with status=PENDING only",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) String createdBefore,
            @QueryParam("status") @Parameter(description = "Without it: completed ones of either outcome",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "SUCCEEDED", "FAILED", "PENDING" }))
            String status,
            @QueryParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("after") @Parameter(description = "The next cursor of the previous page") String after,
            @QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "1000", defaultValue = "100")) String limit,
            @Context UriInfo uri) {
        Optional<RechargeStatus> wanted = QueryParams.oneOf("status", status, RechargeStatus.SUCCEEDED,
                RechargeStatus.FAILED, RechargeStatus.PENDING);
        Optional<RechargeCursor> cursor = Optional.ofNullable(after).filter(a -> !a.isEmpty())
                .map(RechargeCursor::decode);
        int pageSize = QueryParams.intInRange("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
        Uni<List<Recharge>> page;
        if (wanted.equals(Optional.of(RechargeStatus.PENDING))) {
            if (completedFrom != null || completedTo != null) {
                throw new IllegalArgumentException("PENDING recharges have no completion: use createdBefore");
            }
            page = recharges.pending(new PendingRechargeQuery(QueryParams.instant("createdBefore", createdBefore),
                    Optional.ofNullable(accountNo), cursor, pageSize));
        } else {
            if (createdBefore != null) {
                throw new IllegalArgumentException("createdBefore lists PENDING recharges only: add status=PENDING");
            }
            CompletedRechargeQuery query = new CompletedRechargeQuery(
                    QueryParams.instant("completedFrom", completedFrom),
                    QueryParams.instant("completedTo", completedTo), wanted, Optional.ofNullable(accountNo), cursor,
                    pageSize);
            if (query.completedFrom().isPresent() && query.completedTo().isPresent()
                    && !query.completedFrom().get().isBefore(query.completedTo().get())) {
                throw new IllegalArgumentException("completedFrom must be before completedTo");
            }
            page = recharges.completed(query);
        }
        return page.map(recharged -> {
            String next = recharged.size() == pageSize
                    ? RechargeCursor.after(recharged.get(recharged.size() - 1)).encode()
                    : null;
            Response.ResponseBuilder response = Response.ok(
                    new RechargePage(recharged.stream().map(RechargeView::of).toList(), next));
            if (next != null) {
                response.link(uri.getRequestUriBuilder().replaceQueryParam("after", next).build(), "next");
            }
            return response.build();
        });
    }

    @RolesAllowed({ Roles.RECHARGE_READ, Roles.OPS_READ })
    @GET
    @Path("/{txNo}")
    @Operation(operationId = "getRecharge", summary = "The truth about one recharge (active query, 主动查询)")
    @APIResponse(responseCode = "200", description = "The recharge", content = @Content(
            schema = @Schema(implementation = RechargeView.class),
            examples = @ExampleObject(name = "succeeded", value = EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No recharge has this txNo", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RechargeView> get(@PathParam("txNo") @Parameter(schema = @Schema(type = SchemaType.STRING,
            format = "uuid")) String txNo) {
        return recharges.find(TxNo.parse(txNo).value()).map(RechargeView::of);
    }
}
