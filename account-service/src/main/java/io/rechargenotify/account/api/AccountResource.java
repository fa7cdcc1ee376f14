package io.rechargenotify.account.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rechargenotify.account.domain.AccountService;
import io.rechargenotify.account.ledger.LedgerRepository;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Accounts: open one, read its balance, read its ledger. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private static final String EXAMPLE = """
            {"accountNo":"ACC-10001","owner":"Li Lei","currency":"CNY","balance":"100.00",\
            "createdAt":"2026-11-23T08:00:00.120Z","updatedAt":"2026-11-23T08:05:00.310Z"}""";

    private final AccountService accounts;
    private final LedgerRepository ledger;

    public AccountResource(AccountService accounts, LedgerRepository ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    @RolesAllowed(Roles.ACCOUNT_WRITE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createAccount", summary = "Open an account (balance 0.00)")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(
            schema = @Schema(implementation = AccountView.class), examples = @ExampleObject(name = "opened",
            value = EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid request: the problem names each invalid field")
    @APIResponse(responseCode = "409", description = "The account number is taken")
    public Uni<Response> open(@NotNull(message = "a JSON body is required") @Valid CreateAccountRequest request) {
        return accounts.open(request.accountNo(), request.owner(), request.currency())
                .map(account -> Response.created(UriBuilder.fromResource(AccountResource.class)
                        .path(account.accountNo).build()).entity(AccountView.of(account)).build());
    }

    @RolesAllowed({ Roles.ACCOUNT_READ, Roles.OPS_READ })
    @GET
    @Path("/{accountNo}")
    @Operation(operationId = "getAccount", summary = "An account and its balance")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(
            schema = @Schema(implementation = AccountView.class), examples = @ExampleObject(name = "account",
            value = EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AccountView> get(@PathParam("accountNo")
            @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE) String accountNo) {
        return accounts.find(accountNo).map(AccountView::of);
    }

    /**
     * The account's entries oldest first, {@code limit} at a time; a full page carries a {@code Link rel="next"}
     * header whose {@code after} is the last entry's id.
     */
    @RolesAllowed(Roles.ACCOUNT_READ)
    @GET
    @Path("/{accountNo}/ledger")
    @WithSession
    @Operation(operationId = "listLedger", summary = "The account's ledger entries, oldest first")
    @APIResponse(responseCode = "200", description = "A page; a full one links the next",
            headers = @Header(name = "Link", description = "rel=\"next\": the next page (only on a full page)",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = LedgerEntryView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<Response> ledger(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("after") @DefaultValue("0")
            @Pattern(regexp = PageParams.AFTER_PATTERN, message = PageParams.AFTER_MESSAGE)
            @Parameter(description = "The id of the last entry of the previous page", schema = @Schema(
                    type = SchemaType.INTEGER, format = "int64", minimum = "0", defaultValue = "0")) String after,
            @QueryParam("limit") @DefaultValue("100")
            @Pattern(regexp = PageParams.LIMIT_PATTERN, message = PageParams.LIMIT_MESSAGE)
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1",
                    maximum = "1000", defaultValue = "100")) String limit,
            UriInfo uri) {
        long afterId = Long.parseLong(after);
        int pageSize = Integer.parseInt(limit);
        return accounts.find(accountNo)
                .chain(account -> ledger.page(accountNo, afterId, pageSize))
                .map(entries -> {
                    List<LedgerEntryView> views = entries.stream().map(LedgerEntryView::of).toList();
                    Response.ResponseBuilder response = Response.ok(views);
                    if (views.size() == pageSize) {
                        response.link(uri.getRequestUriBuilder()
                                .replaceQueryParam("after", views.get(views.size() - 1).id()).build(), "next");
                    }
                    return response.build();
                });
    }
}
