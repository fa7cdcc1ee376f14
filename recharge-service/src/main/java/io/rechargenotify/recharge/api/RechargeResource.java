package io.rechargenotify.recharge.api;

import io.rechargenotify.recharge.domain.RechargeService;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/** The recharge API: take a recharge, tell the truth about one. */
@Path("/recharges")
@Produces(MediaType.APPLICATION_JSON)
public class RechargeResource {

    private final RechargeService recharges;

    public RechargeResource(RechargeService recharges) {
        this.recharges = recharges;
    }

    /** 201 with a new recharge; 200 with the stored one when an identical request repeats its txNo; 409 otherwise. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@NotNull(message = "a JSON body is required") @Valid CreateRechargeRequest request) {
        return recharges.submit(request.toNewRecharge()).map(submission -> {
            RechargeView view = RechargeView.of(submission.recharge());
            return Response.status(submission.created() ? Response.Status.CREATED : Response.Status.OK)
                    .location(UriBuilder.fromResource(RechargeResource.class).path(view.txNo().toString()).build())
                    .entity(view)
                    .build();
        });
    }

    @GET
    @Path("/{txNo}")
    public Uni<RechargeView> get(@PathParam("txNo") String txNo) {
        return recharges.find(TxNo.parse(txNo).value()).map(RechargeView::of);
    }
}
