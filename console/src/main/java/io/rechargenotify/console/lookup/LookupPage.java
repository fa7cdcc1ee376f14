package io.rechargenotify.console.lookup;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.config.ConsoleConfig;
import io.rechargenotify.console.services.AccountApi;
import io.rechargenotify.console.services.CallbackApi;
import io.rechargenotify.console.services.RechargeApi;
import io.rechargenotify.console.services.ServiceProblem;
import io.rechargenotify.console.services.Views.AccountRecharge;
import io.rechargenotify.console.services.Views.DeadLetterPage;
import io.rechargenotify.console.services.Views.DeliveryPage;
import io.rechargenotify.console.services.Views.LedgerEntry;
import io.rechargenotify.console.services.Views.OutboxRowPage;
import io.rechargenotify.console.services.Views.Recharge;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Everything known about one txNo on one page: recharge-service's record and outbox rows, account-service's ledger
 * entry, its own recharge (when it started it) and dead letters, callback-service's deliveries. Each part is asked
 * for on its own: one service not answering, or knowing nothing, leaves the other parts on the page.
 */
@Path("/lookup")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class LookupPage {

    /** A txNo as the services write it: a UUID in its canonical form (UUID.fromString would take "1-1-1-1-1"). */
    private static final Pattern TX_NO = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** One service's answer about the txNo: what it holds, nothing (404), or why it could not say. */
    public record Part<T>(T value, String problem) {

        static <T> Part<T> ask(Supplier<T> call) {
            try {
                return new Part<>(call.get(), null);
            } catch (ServiceProblem problem) {
                return problem.status() == 404 ? new Part<>(null, null) : new Part<>(null, problem.getMessage());
            } catch (ProcessingException noAnswer) {
                return new Part<>(null, "The service did not answer: " + noAnswer.getMessage());
            }
        }

        static <T> Part<T> none() {
            return new Part<>(null, null);
        }
    }

    public record Found(Part<Recharge> recharge, Part<OutboxRowPage> outbox, Part<LedgerEntry> ledger,
            Part<AccountRecharge> accountRecharge, Part<DeadLetterPage> deadLetters, Part<DeliveryPage> deliveries) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance lookup(Page page, String txNo, String invalid, Found found);
    }

    private final Pages pages;
    private final RechargeApi recharge;
    private final AccountApi account;
    private final CallbackApi callback;
    private final ConsoleConfig config;

    public LookupPage(Pages pages, @RestClient RechargeApi recharge, @RestClient AccountApi account,
            @RestClient CallbackApi callback, ConsoleConfig config) {
        this.pages = pages;
        this.recharge = recharge;
        this.account = account;
        this.callback = callback;
        this.config = config;
    }

    @GET
    public Response lookup(@QueryParam("txNo") String txNo) {
        String wanted = txNo == null ? "" : txNo.strip();
        if (wanted.isEmpty()) {
            return Response.ok(Templates.lookup(pages.page("Look up a txNo"), null, null, null)).build();
        }
        if (!TX_NO.matcher(wanted).matches()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Templates.lookup(pages.page("Look up a txNo"),
                    null, "A txNo is a UUID, like 3f2c1a9e-8d47-4b6e-9a0f-5c2d7e1b4a68.", null)).build();
        }
        Found found = find(wanted.toLowerCase());
        return Response.ok(Templates.lookup(pages.page("txNo " + wanted), wanted, null, found)).build();
    }

    private Found find(String txNo) {
        int limit = config.pageSize();
        Part<Recharge> record = Part.ask(() -> recharge.recharge(txNo));
        Part<LedgerEntry> ledger = Part.ask(() -> account.ledgerEntry(txNo));
        String accountNo = record.value() != null ? record.value().accountNo()
                : ledger.value() != null ? ledger.value().accountNo() : null;
        return new Found(record,
                Part.ask(() -> recharge.outboxRows(txNo, limit)),
                ledger,
                accountNo == null ? Part.none() : Part.ask(() -> account.recharge(accountNo, txNo)),
                Part.ask(() -> account.deadLetters(null, limit, null, null, txNo)),
                Part.ask(() -> callback.deliveriesOf(txNo, limit)));
    }
}
