package io.rechargenotify.callback.api;

import io.rechargenotify.callback.endpoint.EndpointService;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

/** Receivers' endpoints, administered with {@code callback:admin}. */
@Path("/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.CALLBACK_ADMIN)
public class EndpointResource {

    private final EndpointService endpoints;

    public EndpointResource(EndpointService endpoints) {
        this.endpoints = endpoints;
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
    public Uni<EndpointView.Page> list(@QueryParam("after") UUID after,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return endpoints.list(after, limit + 1).map(found -> {
            var page = found.stream().limit(limit).map(EndpointView::of).toList();
            return new EndpointView.Page(page, found.size() > limit ? page.get(limit - 1).id() : null);
        });
    }

    @GET
    @Path("{id}")
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
    public Uni<EndpointView> enable(@PathParam("id") UUID id) {
        return endpoints.enable(id).map(EndpointView::of);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
