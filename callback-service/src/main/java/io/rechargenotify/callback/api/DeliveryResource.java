package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.DeliveryService;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * One delivery, for operators: {@code GET /deliveries/{id}} ({@code ops:read}) shows it with every attempt (time, HTTP
 * status or error kind, latency, first 1 KB of the answer) and every resend; {@code POST /deliveries/{id}/resend}
 * ({@code ops:write}, no body) gives it a new attempt plan, due now, recorded with the caller's token subject.
 *
 * <p>Resend works whatever the status: FAILED (the plan ran out), PENDING (waiting for a later retry, or for its
 * disabled endpoint – then it keeps waiting), and SUCCEEDED too: a receiver that lost what it acknowledged may ask for it
 * again, and gets the same {@code webhook-id} (the event id), so an idempotent receiver is not confused. The only
 * refusal is 409 {@code attempt-in-flight} while an attempt is being made (a resend then would call twice at once).
 * An endpoint's deliveries are listed by {@code GET /endpoints/{id}/deliveries} (EndpointResource).
 */
@Path("/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS_READ)
public class DeliveryResource {

    private final DeliveryService deliveries;
    private final Caller caller;

    public DeliveryResource(DeliveryService deliveries, Caller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    public Uni<DeliveryDetailView> get(@PathParam("id") UUID id) {
        return deliveries.get(id).map(DeliveryDetailView::of);
    }

    /** 200 with the delivery as it is now (PENDING, due now, its resend last in {@code resends}). */
    @POST
    @Path("{id}/resend")
    @RolesAllowed(Roles.OPS_WRITE)
    public Uni<DeliveryDetailView> resend(@PathParam("id") UUID id) {
        return deliveries.resend(id, caller.name()).map(DeliveryDetailView::of);
    }
}
