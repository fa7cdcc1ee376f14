package io.rechargenotify.account.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rechargenotify.account.ledger.LedgerEntryNotFoundException;
import io.rechargenotify.account.ledger.LedgerRepository;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.TxNo;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The ledger by txNo, across accounts: whether (and where, and by what) a recharge was credited. */
@Path("/ledger")
@Produces(MediaType.APPLICATION_JSON)
public class LedgerResource {

    private final LedgerRepository ledger;

    public LedgerResource(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @RolesAllowed(Roles.OPS_READ)
    @GET
    @Path("/{txNo}")
    @WithSession
    @Operation(operationId = "getLedgerEntry", summary = "The ledger entry of a recharge, whichever account it "
            + "credited")
    @APIResponse(responseCode = "200", description = "The entry: the recharge was credited once, here",
            content = @Content(schema = @Schema(implementation = LedgerEntryView.class)))
    @APIResponse(responseCode = "404", description = "No entry: no successful result of this txNo was applied")
    public Uni<LedgerEntryView> get(
            @PathParam("txNo") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String txNo) {
        UUID id = TxNo.parse(txNo).value();
        return ledger.findByTxNo(id).onItem().ifNull().failWith(() -> new LedgerEntryNotFoundException(id))
                .map(LedgerEntryView::of);
    }
}
