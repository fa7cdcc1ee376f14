package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.DeliveryService;
import io.rechargenotify.callback.delivery.DeliveryStatus;
import io.rechargenotify.callback.endpoint.EndpointService;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
    public Uni<EndpointView.Page> list(@QueryParam("after") UUID after,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return endpoints.list(after, limit + 1).map(found -> {
            var page = found.stream().limit(limit).map(EndpointView::of).toList();
            return new EndpointView.Page(page, found.size() > limit ? page.get(limit - 1).id() : null);
        });
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_READ })
    public Uni<EndpointView> get(@PathParam("id") UUID id) {
        return endpoints.get(id).map(EndpointView::of);
    }

    @PATCH
    @Path("{id}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    public Uni<EndpointView> update(@PathParam("id") UUID id, @Valid @NotNull EndpointRequest change) {
        return endpoints.update(id, new EndpointService.Registration(change.url(), change.accountNos(),
                change.eventTypeNames(), change.description())).map(EndpointView::of);
    }

    /** Deletes the endpoint and every delivery waiting for it. */
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return endpoints.delete(id).map(ignored -> Response.noContent().build());
    }

    /** A new signing secret, shown once; the previous one keeps signing beside it during the overlap. */
    @POST
    @Path("{id}/secret/rotate")
    public Uni<EndpointView> rotateSecret(@PathParam("id") UUID id) {
        return endpoints.rotateSecret(id).map(EndpointView::withSecret);
    }

    @POST
    @Path("{id}/enable")
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_WRITE })
    public Uni<EndpointView> enable(@PathParam("id") UUID id) {
        return endpoints.enable(id, caller.name()).map(EndpointView::of);
    }

    @POST
    @Path("{id}/disable")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.CALLBACK_ADMIN, Roles.OPS_WRITE })
    public Uni<EndpointView> disable(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body {\"reason\": …} is required") @Valid DisableRequest request) {
        return endpoints.disable(id, request.reason().strip(), caller.name()).map(EndpointView::of);
    }

    /** The endpoint's deliveries, oldest first, optionally of one status; 400 for an unknown status or cursor. */
    @GET
    @Path("{id}/deliveries")
    @RolesAllowed(Roles.OPS_READ)
    public Uni<DeliveryView.Page> deliveries(@PathParam("id") UUID id,
            @QueryParam("status") @Pattern(regexp = "PENDING|SUCCEEDED|FAILED",
                    message = "is PENDING, SUCCEEDED or FAILED") String status,
            @QueryParam("after") @Pattern(regexp = UUID_PATTERN, message = "is the next of the previous page")
            String after,
            @QueryParam("limit") @DefaultValue("50") @Pattern(regexp = "[1-9][0-9]{0,2}",
                    message = "is a whole number from 1 to 200") String limitText) {
        // Text, not int: a limit that is not a number is a 400 like any bad value, not the 404 of a failed conversion.
        int limit = Integer.parseInt(limitText);
        if (limit > 200) {
            throw new IllegalArgumentException("limit is a whole number from 1 to 200");
        }
        return deliveries.page(id, status == null ? null : DeliveryStatus.valueOf(status),
                        after == null ? null : UUID.fromString(after), limit + 1)
                .map(found -> {
                    var page = found.stream().limit(limit).map(DeliveryView::of).toList();
                    return new DeliveryView.Page(page, found.size() > limit ? page.get(limit - 1).id() : null);
                });
    }

    /** Resends the endpoint's FAILED deliveries since a time; who asked is recorded on each. */
    @POST
    @Path("{id}/recover")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPS_WRITE)
    public Uni<RecoveryView> recover(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body {\"since\": …} is required") @Valid RecoverRequest request) {
        return deliveries.recover(id, request.since(), request.until(), caller.name()).map(RecoveryView::of);
    }

    private static final String UUID_PATTERN =
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
