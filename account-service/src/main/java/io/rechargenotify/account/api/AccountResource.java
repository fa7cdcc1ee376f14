package io.rechargenotify.account.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.rechargenotify.account.domain.AccountService;
import io.rechargenotify.account.ledger.LedgerRepository;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.value.AccountNumbers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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

/** Accounts: open one, read its balance, read its ledger. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final LedgerRepository ledger;

    public AccountResource(AccountService accounts, LedgerRepository ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    @RolesAllowed(Roles.ACCOUNT_WRITE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> open(@NotNull(message = "a JSON body is required") @Valid CreateAccountRequest request) {
        return accounts.open(request.accountNo(), request.owner(), request.currency())
                .map(account -> Response.created(UriBuilder.fromResource(AccountResource.class)
                        .path(account.accountNo).build()).entity(AccountView.of(account)).build());
    }

    @RolesAllowed(Roles.ACCOUNT_READ)
    @GET
    @Path("/{accountNo}")
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
    public Uni<Response> ledger(
            @PathParam("accountNo") @Pattern(regexp = AccountNumbers.PATTERN, message = AccountNumbers.MESSAGE)
            String accountNo,
            @QueryParam("after") @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            UriInfo uri) {
        return accounts.find(accountNo)
                .chain(account -> ledger.page(accountNo, after, limit))
                .map(entries -> {
                    List<LedgerEntryView> views = entries.stream().map(LedgerEntryView::of).toList();
                    Response.ResponseBuilder response = Response.ok(views);
                    if (views.size() == limit) {
                        response.link(uri.getRequestUriBuilder()
                                .replaceQueryParam("after", views.get(views.size() - 1).id()).build(), "next");
                    }
                    return response.build();
                });
    }
}
