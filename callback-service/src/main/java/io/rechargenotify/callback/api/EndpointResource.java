package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.DeliveryService;
import io.rechargenotify.callback.delivery.DeliveryStatus;
import io.rechargenotify.callback.endpoint.EndpointService;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Receivers' endpoints, administered with {@code callback:admin}; operators read them ({@code ops:read}) and run them
 * ({@code ops:write}):
 * <ul>
 * <li>{@code GET /endpoints}, {@code GET /endpoints/{id}}: callback:admin or ops:read (never a secret).
 * <li>{@code GET /endpoints/{id}/deliveries?status=&after=&limit=} (ops:read): the endpoint's deliveries, oldest first,
 * as {@code {"items": [DeliveryView…], "next": id}}; {@code status} is PENDING, SUCCEEDED or FAILED (default all),
 * {@code after} the {@code next} of the previous page, {@code limit} 1–200 (default 50).
 * <li>{@code POST /endpoints/{id}/recover} {@code {"since": instant, "until": instant?}} (ops:write): resends every
 * FAILED delivery created in [since, until) – each a new attempt plan, due now, recorded with the caller – and answers
 * a {@link RecoveryView}. On a disabled endpoint they wait for enable.
 * <li>{@code POST /endpoints/{id}/enable} (callback:admin or ops:write): enabled again, its failures and circuit
 * forgotten, its PENDING deliveries due; with recover it resumes an endpoint that was disabled after failing for
 * callback.endpoints.disable-after (CALLBACK_DISABLE_AFTER).
 * <li>{@code POST /endpoints/{id}/disable} {@code {"reason"}} (callback:admin or ops:write): nothing is sent to it,
 * new results wait for it; {@code disabledBy} records the caller.
 * </ul>
 */
@Path("/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CALLBACK_ADMIN)
public class EndpointResource {

    private static final String NOT_FOUND = "No endpoint has this id";
    private static final String INVALID = "Invalid request: the problem names each invalid field; a URL callback-service"
            + " will not call is an invalid-url problem";
    private static final String REGISTERED = """
            {"id":"7d4f8a52-3c1e-4b9a-8f60-2e5d9c1b7a43","url":"https://shop.example.com/recharge-results",\
            "accountNos":["ACC-10001"],"eventTypes":["RechargeSucceeded","RechargeFailed"],"description":"shop 1",\
            "enabled":true,"consecutiveFailures":0,"secret":"whsec_MfKQ9r8GKYqXnVz2Ojt0YQtlG0bHXw4oZbYJ0WJ9Yk0=",\
            "createdAt":"2026-11-23T08:00:00.120Z","updatedAt":"2026-11-23T08:00:00.120Z"}""";

    private final EndpointService endpoints;
    private final DeliveryService deliveries;
    private final Caller caller;

    public EndpointResource(EndpointService endpoints, DeliveryService deliveries, Caller caller) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.caller = caller;
    }

    /** Registers an endpoint; the answer is the only one that shows its signing secret (until a rotation). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerEndpoint", summary = "Register a receiver's endpoint (the answer shows its signing"
            + " secret, once)")
    @RequestBody(required = true, content = @Content(schema = @Schema(allOf = EndpointRequest.class,
            requiredProperties = "url")))
    @APIResponse(responseCode = "201", description = "Registered, with its secret",
            headers = @Header(name = "Location", description = "The endpoint's URL",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = EndpointView.class),
                    examples = @ExampleObject(name = "registered", value = REGISTERED)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull EndpointRequest request, UriInfo uri) {
        if (request.url() == null) {
            throw new IllegalArgumentException("url is required");
        }
        return endpoints.create(new EndpointService.Registration(request.url(), request.accountNos(),
                        request.eventTypeNames(), blankToNull(request.description())))
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                        .entity(EndpointView.withSecret(created)).build());
    }

    @GET
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_READ })
    @Operation(operationId = "listEndpoints", summary = "List endpoints in id order (never a secret)")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is absent",
            content = @Content(schema = @Schema(implementation = EndpointView.Page.class)))
    public Uni<EndpointView.Page> list(@BeanParam @Valid Paging paging) {
        int size = paging.size();
        return endpoints.list(paging.after(), size + 1).map(found -> {
            var page = found.stream().limit(size).map(EndpointView::of).toList();
            return new EndpointView.Page(page, found.size() > size ? page.get(size - 1).id() : null);
        });
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_READ })
    @Operation(operationId = "getEndpoint", summary = "One endpoint (never its secret)")
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<EndpointView> get(@PathParam("id") UUID id) {
        return endpoints.get(id).map(EndpointView::of);
    }

    @PATCH
    @Path("{id}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(operationId = "updateEndpoint", summary = "Change an endpoint's URL, filters or description (absent:"
            + " unchanged)")
    @APIResponse(responseCode = "200", description = "The endpoint as changed",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "400", description = INVALID, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<EndpointView> update(@PathParam("id") UUID id, @Valid @NotNull EndpointRequest change) {
        return endpoints.update(id, new EndpointService.Registration(change.url(), change.accountNos(),
                change.eventTypeNames(), change.description())).map(EndpointView::of);
    }

    /** Deletes the endpoint and every delivery waiting for it. */
    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteEndpoint", summary = "Delete an endpoint and its deliveries")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return endpoints.delete(id).map(ignored -> Response.noContent().build());
    }

    /** A new signing secret, shown once; the previous one keeps signing beside it during the overlap. */
    @POST
    @Path("{id}/secret/rotate")
    @Operation(operationId = "rotateEndpointSecret", summary = "A new signing secret, shown once (the previous one"
            + " signs beside it for a while)")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<EndpointView> rotateSecret(@PathParam("id") UUID id) {
        return endpoints.rotateSecret(id).map(EndpointView::withSecret);
    }

    @POST
    @Path("{id}/enable")
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_WRITE })
    @Operation(operationId = "enableEndpoint", summary = "Enable an endpoint again, its failures and circuit"
            + " forgotten")
    @APIResponse(responseCode = "200", description = "The endpoint, enabled",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<EndpointView> enable(@PathParam("id") UUID id) {
        return endpoints.enable(id, caller.name()).map(EndpointView::of);
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_WRITE })
    @Operation(operationId = "disableEndpoint", summary = "Stop calling an endpoint; its deliveries wait for enable")
    @APIResponse(responseCode = "200", description = "The endpoint, disabled",
            content = @Content(schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<EndpointView> disable(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body {\"reason\": …} is required") @Valid DisableRequest request) {
        return endpoints.disable(id, request.reason().strip(), caller.name()).map(EndpointView::of);
    }

    /** The endpoint's deliveries, oldest first, optionally of one status; 400 for an unknown status or cursor. */
    @GET
    @Path("{id}/deliveries")
    @RolesAllowed(Roles.OPS_READ)
    @Operation(operationId = "listDeliveries", summary = "An endpoint's deliveries, oldest first")
    @APIResponse(responseCode = "200", description = "A page; follow next until it is null",
            content = @Content(schema = @Schema(implementation = DeliveryView.Page.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<DeliveryView.Page> deliveries(@PathParam("id") UUID id,
            @QueryParam("status") @Pattern(regexp = "PENDING|SUCCEEDED|FAILED",
                    message = "is PENDING, SUCCEEDED or FAILED") @Parameter(description = "Only deliveries of this"
                    + " status; absent: all", schema = @Schema(type = SchemaType.STRING,
                    enumeration = { "PENDING", "SUCCEEDED", "FAILED" })) String status,
            @BeanParam @Valid Paging paging) {
        return deliveries.page(id, status == null ? null : DeliveryStatus.valueOf(status), paging.after(),
                paging.size() + 1).map(found -> DeliveryView.page(found, paging.size()));
    }

    /** Resends the endpoint's FAILED deliveries since a time; who asked is recorded on each. */
    @POST
    @Path("{id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPS_WRITE)
    @Operation(operationId = "recoverEndpoint", summary = "Resend an endpoint's FAILED deliveries created since a"
            + " time")
    @APIResponse(responseCode = "200", description = "How many were resent",
            content = @Content(schema = @Schema(implementation = RecoveryView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<RecoveryView> recover(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body {\"since\": …} is required") @Valid RecoverRequest request) {
        return deliveries.recover(id, request.since(), request.until(), caller.name()).map(RecoveryView::of);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
