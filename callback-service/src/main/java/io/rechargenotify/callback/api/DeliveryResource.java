package io.rechargenotify.callback.api;

import io.rechargenotify.callback.delivery.DeliveryService;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Caller;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Deliveries, for operators: {@code GET /deliveries?txNo=&after=&limit=} ({@code ops:read}) lists a recharge's
 * deliveries to every endpoint, oldest first, as {@code {"items": [DeliveryView…], "next": id}} ({@code limit} 1–200,
 * default 50); {@code GET /deliveries/{id}} ({@code ops:read}) shows one with every attempt (time, HTTP
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

    private static final String NOT_FOUND = "No delivery has this id";
    private static final String FAILED = """
            {"id":"0b6f3c1e-9a2d-4e57-8c41-6d2a7f9e3b15","endpointId":"7d4f8a52-3c1e-4b9a-8f60-2e5d9c1b7a43",\
            "eventId":"5e2b9c7a-1f3d-4a86-b0e4-9c7d2a6f1e38","txNo":"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30",\
            "eventType":"RechargeSucceeded","accountNo":"ACC-10001","status":"FAILED","attemptCount":2,\
            "nextAttemptAt":null,"lastError":"timeout","createdAt":"2026-11-23T08:00:00.200Z","deliveredAt":null,\
            "lastResentAt":null,"lastResentBy":null,\
            "payload":{"eventId":"5e2b9c7a-1f3d-4a86-b0e4-9c7d2a6f1e38","type":"RechargeSucceeded",\
            "txNo":"3f0c2a9e-8d7b-4c5e-9a61-2b4d8e7f1c30","accountNo":"ACC-10001","amount":"100.00",\
            "currency":"CNY","occurredAt":"2026-11-23T08:00:00.180Z","schemaVersion":1},\
            "attempts":[{"attempt":1,"attemptedAt":"2026-11-23T08:00:00.210Z","httpStatus":503,"errorKind":null,\
            "latencyMs":42,"responseExcerpt":"Service Unavailable"},{"attempt":2,\
            "attemptedAt":"2026-11-23T08:00:15.230Z","httpStatus":null,"errorKind":"timeout","latencyMs":10001,\
            "responseExcerpt":null}],"resends":[]}""";

    private final DeliveryService deliveries;
    private final Caller caller;

    public DeliveryResource(DeliveryService deliveries, Caller caller) {
        this.deliveries = deliveries;
        this.caller = caller;
    }

    /** Where a recharge's result went: its deliveries to every endpoint, oldest first (the txNo look-up). */
    @GET
    @Operation(operationId = "listDeliveriesOfRecharge", summary = "A recharge's deliveries to every endpoint, oldest"
            + " first")
    @APIResponse(responseCode = "200", description = "A page, empty when no endpoint took the recharge's result; follow"
            + " next until it is null", content = @Content(schema = @Schema(implementation = DeliveryView.Page.class)))
    public Uni<DeliveryView.Page> ofRecharge(
            @QueryParam("txNo") @Parameter(required = true, description = "The recharge's txNo",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String txNo,
            @BeanParam @Valid Paging paging) {
        UUID recharge = TxNo.parse(txNo).value();
        return deliveries.ofRecharge(recharge, paging.after(), paging.size() + 1)
                .map(found -> DeliveryView.page(found, paging.size()));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getDelivery", summary = "One delivery with what was sent, every attempt and every resend")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(
            schema = @Schema(implementation = DeliveryDetailView.class),
            examples = @ExampleObject(name = "failed", value = FAILED)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<DeliveryDetailView> get(@PathParam("id") UUID id) {
        return deliveries.get(id).map(DeliveryDetailView::of);
    }

    /** 200 with the delivery as it is now (PENDING, due now, its resend last in {@code resends}). */
    @POST
    @Path("{id}/resend")
    @RolesAllowed(Roles.OPS_WRITE)
    @Operation(operationId = "resendDelivery", summary = "Resend a delivery: a new attempt plan, due now, whatever its"
            + " status")
    @APIResponse(responseCode = "200", description = "The delivery as it is now (PENDING until the new attempt ends), its"
            + " resend last in resends",
            content = @Content(schema = @Schema(implementation = DeliveryDetailView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND, content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An attempt is in flight (attempt-in-flight); resend after it is"
            + " recorded", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Uni<DeliveryDetailView> resend(@PathParam("id") UUID id) {
        return deliveries.resend(id, caller.name()).map(DeliveryDetailView::of);
    }
}
