package io.rechargenotify.account.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rechargenotify.account.reconcile.ReconciliationReport;
import io.rechargenotify.account.reconcile.ReconciliationRun;
import io.rechargenotify.account.reconcile.ReconciliationWindow;
import io.rechargenotify.account.reconcile.Reconciliations;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Reconciliation runs: start one now (the stale-pending sweep, then a closed window; {@code ops:write}, recorded with
 * who started it), read a report ({@code ops:read}). Blocking methods (worker threads): a run pages through a whole
 * window.
 */
@RolesAllowed(Roles.OPS_READ)
@Path("/reconciliations")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    private static final Duration MAX_WINDOW = Duration.ofDays(31);

    private final Reconciliations reconciliations;
    private final ObjectMapper json;
    private final Caller caller;

    public ReconciliationResource(Reconciliations reconciliations, ObjectMapper json, Caller caller) {
        this.reconciliations = reconciliations;
        this.json = json;
        this.caller = caller;
    }

    @RolesAllowed(Roles.OPS_WRITE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "runReconciliation", summary = "Run a reconciliation now",
            description = "Checks the stale PENDING recharges, then reconciles the window (default: the last closed "
                    + "one) and stores the report.")
    @APIResponse(responseCode = "201", description = "The run ended (status SUCCEEDED or FAILED); its report",
            content = @Content(schema = @Schema(implementation = ReconciliationView.class)))
    @APIResponse(responseCode = "400", description = "Invalid or not yet closed window", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another reconciliation is running")
    public Response run(@RequestBody(required = false, description = "The window; no body or {} for the last closed "
            + "one") ReconciliationRequest request) {
        ReconciliationRun run = reconciliations.run("api", caller.name(), window(request));
        return Response.created(UriBuilder.fromResource(ReconciliationResource.class).path(run.id.toString()).build())
                .entity(view(run)).build();
    }

    @GET
    @Operation(operationId = "listReconciliations", summary = "Past reconciliation runs, newest first")
    @APIResponse(responseCode = "200", description = "A page of runs with their report's counts; follow next until it "
            + "is null", content = @Content(schema = @Schema(implementation = ReconciliationSummaryView.Page.class)))
    public Uni<ReconciliationSummaryView.Page> list(
            @QueryParam("status") @Pattern(regexp = "RUNNING|SUCCEEDED|FAILED",
                    message = "is RUNNING, SUCCEEDED or FAILED") @Parameter(schema = @Schema(
                    implementation = ReconciliationRun.Status.class)) String status,
            @QueryParam("after") @Pattern(regexp = PageParams.AFTER_PATTERN, message = PageParams.AFTER_MESSAGE)
            @Parameter(description = "The next of the previous page (runs older than this id)", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int64", minimum = "1")) String after,
            @QueryParam("limit") @DefaultValue("50")
            @Pattern(regexp = PageParams.LIMIT_PATTERN, message = PageParams.LIMIT_MESSAGE)
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                    maximum = "1000", defaultValue = "50")) String limit) {
        int pageSize = Integer.parseInt(limit);
        return reconciliations.page(Optional.ofNullable(status).map(ReconciliationRun.Status::valueOf),
                        after == null ? Long.MAX_VALUE : Long.parseLong(after), pageSize)
                .map(runs -> ReconciliationSummaryView.Page.of(runs, pageSize));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getReconciliation", summary = "A reconciliation run and its report")
    @APIResponse(responseCode = "200", description = "The run (RUNNING: no report yet)",
            content = @Content(schema = @Schema(implementation = ReconciliationView.class)))
    @APIResponse(responseCode = "404", description = "No such run")
    public ReconciliationView get(@PathParam("id") @Min(1) long id) {
        return view(reconciliations.find(id));
    }

    private ReconciliationWindow window(ReconciliationRequest request) {
        if (request == null || (request.from() == null && request.to() == null)) {
            return reconciliations.lastClosedWindow();
        }
        if (request.from() == null || request.to() == null) {
            throw new IllegalArgumentException("give both from and to, or neither for the last closed window");
        }
        if (!request.from().isBefore(request.to())) {
            throw new IllegalArgumentException("from must be before to");
        }
        if (Duration.between(request.from(), request.to()).compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a window spans at most " + MAX_WINDOW.toDays() + " days");
        }
        return new ReconciliationWindow(request.from(), request.to());
    }

    private ReconciliationView view(ReconciliationRun run) {
        try {
            return ReconciliationView.of(run, run.report == null ? null
                    : json.readValue(run.report, ReconciliationReport.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report of run " + run.id + " unreadable", e);
        }
    }
}
