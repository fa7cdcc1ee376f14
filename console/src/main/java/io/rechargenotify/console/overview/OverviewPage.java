package io.rechargenotify.console.overview;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.rechargenotify.console.services.AccountApi;
import io.rechargenotify.console.services.CallbackApi;
import io.rechargenotify.console.services.RechargeApi;
import io.rechargenotify.console.services.ServiceProblem;
import io.rechargenotify.console.services.Views.ReconciliationSummary;
import io.rechargenotify.console.web.Page;
import io.rechargenotify.console.web.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The health of the flow at a glance: each service's readiness and the gauges its alerts watch (outbox backlog and
 * age, parked rows, consumer and retry lag, open dead letters, oldest PENDING on each side, callback endpoints failing
 * or disabled), and the last reconciliation. A value past its alert's threshold is marked, in words as well as colour.
 */
@Path("/")
@RolesAllowed({ Pages.READ, Pages.WRITE })
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    /** One number on the page: what it is, its value in words, whether it needs attention, where to look next. */
    public record Signal(String label, String value, Level level, String link) {
    }

    public enum Level {
        OK, ATTENTION, BAD, UNKNOWN
    }

    public record ServiceSignals(String service, boolean ready, List<Signal> signals) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(Page page, List<ServiceSignals> services,
                Optional<ReconciliationSummary> lastRun, String lastRunProblem);
    }

    private final Pages pages;
    private final AccountApi account;
    private final String rechargeUrl;
    private final String accountUrl;
    private final String callbackUrl;

    public OverviewPage(Pages pages, @RestClient AccountApi account,
            @ConfigProperty(name = "quarkus.rest-client.recharge-api.url") String rechargeUrl,
            @ConfigProperty(name = "quarkus.rest-client.account-api.url") String accountUrl,
            @ConfigProperty(name = "quarkus.rest-client.callback-api.url") String callbackUrl) {
        this.pages = pages;
        this.account = account;
        this.rechargeUrl = rechargeUrl;
        this.accountUrl = accountUrl;
        this.callbackUrl = callbackUrl;
    }

    @GET
    public TemplateInstance overview() {
        ServiceMetrics recharge = ServiceMetrics.scrape(RechargeApi.SERVICE, rechargeUrl);
        ServiceMetrics accounts = ServiceMetrics.scrape(AccountApi.SERVICE, accountUrl);
        ServiceMetrics callbacks = ServiceMetrics.scrape(CallbackApi.SERVICE, callbackUrl);
        List<ServiceSignals> services = List.of(
                new ServiceSignals(recharge.service(), recharge.ready(), List.of(
                        count(recharge, "Outbox backlog", "outbox_backlog", 1000, null),
                        age(recharge, "Oldest unpublished outbox row", "outbox_oldest_unpublished_age_seconds", 300,
                                null),
                        count(recharge, "Parked outbox rows", "outbox_parked", 1, "/outbox/parked"),
                        age(recharge, "Oldest PENDING recharge", "recharge_pending_oldest_age_seconds", 900,
                                "/stuck"))),
                new ServiceSignals(accounts.service(), accounts.ready(), List.of(
                        count(accounts, "Consumer lag (records)", "kafka_consumer_fetch_manager_records_lag_max",
                                1000, null),
                        age(accounts, "Retry lag", "recharge_results_retry_lag_seconds_max", 300, null),
                        count(accounts, "Open dead letters", "recharge_results_dead_letters", 1,
                                "/dead-letters?open=true"),
                        age(accounts, "Oldest PENDING account recharge",
                                "account_recharges_pending_oldest_age_seconds", 1800, "/stuck"),
                        count(accounts, "Last reconciliation's discrepancies", "reconciliation_last_discrepancies", 1,
                                "/reconciliations"))),
                new ServiceSignals(callbacks.service(), callbacks.ready(), List.of(
                        count(callbacks, "Endpoints disabled", "callback_endpoints_disabled", 1, "/callbacks"),
                        count(callbacks, "Endpoints failing (paused)", "callback_endpoints_paused", 1, "/callbacks"),
                        age(callbacks, "Oldest due delivery", "callback_deliveries_oldest_due_age_seconds", 600,
                                "/callbacks"))));
        Optional<ReconciliationSummary> lastRun = Optional.empty();
        String lastRunProblem = null;
        try {
            lastRun = account.reconciliations(null, 1, null).items().stream().findFirst();
        } catch (ServiceProblem | ProcessingException unavailable) {
            lastRunProblem = unavailable.getMessage();
        }
        return Templates.overview(pages.page("Overview"), services, lastRun, lastRunProblem);
    }

    /** A count that needs attention from {@code attentionFrom} on. */
    private static Signal count(ServiceMetrics metrics, String label, String metric, double attentionFrom,
            String link) {
        return metrics.max(metric)
                .map(value -> new Signal(label, String.format("%.0f", value),
                        value >= attentionFrom ? Level.ATTENTION : Level.OK, link))
                .orElseGet(() -> unknown(label, link));
    }

    /** An age in seconds that is bad past its alert's threshold. */
    private static Signal age(ServiceMetrics metrics, String label, String metric, double badAfterSeconds,
            String link) {
        return metrics.max(metric)
                .map(seconds -> new Signal(label, Durations.words(seconds),
                        seconds > badAfterSeconds ? Level.BAD : Level.OK, link))
                .orElseGet(() -> unknown(label, link));
    }

    private static Signal unknown(String label, String link) {
        return new Signal(label, "not reported", Level.UNKNOWN, link);
    }
}
