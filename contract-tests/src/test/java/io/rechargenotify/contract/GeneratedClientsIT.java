package io.rechargenotify.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.rechargenotify.contract.account.api.AccountRechargeResourceApi;
import io.rechargenotify.contract.account.api.AccountResourceApi;
import io.rechargenotify.contract.account.api.DeadLetterResourceApi;
import io.rechargenotify.contract.account.api.ReconciliationResourceApi;
import io.rechargenotify.contract.account.model.AccountRechargeStatus;
import io.rechargenotify.contract.account.model.AccountRechargeView;
import io.rechargenotify.contract.account.model.AccountView;
import io.rechargenotify.contract.account.model.CreateAccountRequest;
import io.rechargenotify.contract.account.model.DeadLetterView;
import io.rechargenotify.contract.account.model.Finding;
import io.rechargenotify.contract.account.model.LedgerEntryView;
import io.rechargenotify.contract.account.model.ReconciliationRequest;
import io.rechargenotify.contract.account.model.ReconciliationView;
import io.rechargenotify.contract.account.model.StartRechargeRequest;
import io.rechargenotify.contract.account.model.ReconciliationStatus;
import io.rechargenotify.contract.account.model.ReconciliationView.TriggerEnum;
import io.rechargenotify.contract.account.model.ReplayResult;
import io.rechargenotify.contract.callback.api.DeliveryResourceApi;
import io.rechargenotify.contract.callback.api.EndpointResourceApi;
import io.rechargenotify.contract.callback.model.DeliveryDetailView;
import io.rechargenotify.contract.callback.model.DeliveryStatus;
import io.rechargenotify.contract.callback.model.DeliveryView;
import io.rechargenotify.contract.callback.model.EndpointRequest;
import io.rechargenotify.contract.callback.model.EndpointView;
import io.rechargenotify.contract.recharge.api.RechargeResourceApi;
import io.rechargenotify.contract.recharge.client.ApiException;
import io.rechargenotify.contract.recharge.client.ApiResponse;
import io.rechargenotify.contract.recharge.model.CreateRechargeRequest;
import io.rechargenotify.contract.recharge.model.RechargeStatus;
import io.rechargenotify.contract.recharge.model.RechargeView;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.problem.Problem;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemEnv;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main flows driven only through the Java clients generated from the committed OpenAPI documents
 * ({@code docs/openapi}), against the packaged services on the real broker and Postgres. A document whose operations,
 * parameters or types are wrong makes this class fail to compile; one whose responses carry fields it does not
 * declare, or values of other types, makes it fail to pass.
 */
class GeneratedClientsIT {

    private static final String RECHARGE_DB = "contract_recharge";
    private static final String ACCOUNT_DB = "contract_account";
    private static final String CALLBACK_DB = "contract_callback";
    private static final String SUBJECT = "contract-test";
    /** The generated clients wait for an answer forever by default: a service that hangs fails the call instead. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private static ServiceProcess rechargeService;
    private static ServiceProcess accountService;
    private static ServiceProcess callbackService;
    private static WebhookReceiver receiver;

    private static RechargeResourceApi recharges;
    private static AccountResourceApi accounts;
    private static AccountRechargeResourceApi accountRecharges;
    private static DeadLetterResourceApi deadLetters;
    private static ReconciliationResourceApi reconciliations;
    private static EndpointResourceApi endpoints;
    private static DeliveryResourceApi deliveries;

    @BeforeAll
    static void startSystem() {
        Sql.recreate(RECHARGE_DB);
        Sql.recreate(ACCOUNT_DB);
        Sql.recreate(CALLBACK_DB);
        rechargeService = ServiceProcess.start("recharge-service", "contract-recharge-service",
                SystemEnv.forDatabase(RECHARGE_DB));

        // The default stale-pending timing: the credit comes from the notification, not from a reconciliation racing it.
        Map<String, String> accountEnv = new HashMap<>(SystemEnv.forDatabase(ACCOUNT_DB));
        accountEnv.put("RECHARGE_API_URL", rechargeService.baseUrl());
        // A window may end right now (no settling time), and only the test runs one: no scheduled run holds the lease.
        accountEnv.put("ACCOUNT_RECONCILIATION_WINDOW_SETTLE", "0s");
        accountEnv.put("ACCOUNT_RECONCILIATION_WINDOW_CRON", "off");
        // One consumer each: these flows need no parallelism, and a lone member leaves its group at once on stop.
        accountEnv.put("ACCOUNT_CONSUMER_CONCURRENCY", "1");
        accountService = ServiceProcess.start("account-service", "contract-account-service", accountEnv);

        Map<String, String> callbackEnv = new HashMap<>(SystemEnv.forDatabase(CALLBACK_DB));
        // The receiver is plain http on loopback, refused by the production defaults.
        callbackEnv.put("CALLBACK_REQUIRE_HTTPS", "false");
        callbackEnv.put("CALLBACK_ALLOW_LOOPBACK", "true");
        callbackEnv.put("CALLBACK_CONSUMER_CONCURRENCY", "1");
        callbackService = ServiceProcess.start("callback-service", "contract-callback-service", callbackEnv);
        receiver = new WebhookReceiver();

        var rechargeClient = new io.rechargenotify.contract.recharge.client.ApiClient()
                .setRequestInterceptor(bearer(Roles.RECHARGE_AUDIENCE, Roles.RECHARGE_WRITE, Roles.RECHARGE_READ))
                .setReadTimeout(CALL_TIMEOUT);
        rechargeClient.updateBaseUri(rechargeService.baseUrl());
        strict(rechargeClient.getObjectMapper());
        recharges = new RechargeResourceApi(rechargeClient);

        var accountClient = new io.rechargenotify.contract.account.client.ApiClient()
                .setRequestInterceptor(bearer(Roles.ACCOUNT_AUDIENCE, Roles.ACCOUNT_WRITE, Roles.ACCOUNT_READ,
                        Roles.OPS_READ, Roles.OPS_WRITE))
                .setReadTimeout(CALL_TIMEOUT);
        accountClient.updateBaseUri(accountService.baseUrl());
        strict(accountClient.getObjectMapper());
        accounts = new AccountResourceApi(accountClient);
        accountRecharges = new AccountRechargeResourceApi(accountClient);
        deadLetters = new DeadLetterResourceApi(accountClient);
        reconciliations = new ReconciliationResourceApi(accountClient);

        var callbackClient = new io.rechargenotify.contract.callback.client.ApiClient()
                .setRequestInterceptor(bearer(Roles.CALLBACK_AUDIENCE, Roles.CALLBACK_ADMIN, Roles.OPS_READ,
                        Roles.OPS_WRITE))
                .setReadTimeout(CALL_TIMEOUT);
        callbackClient.updateBaseUri(callbackService.baseUrl());
        strict(callbackClient.getObjectMapper());
        endpoints = new EndpointResourceApi(callbackClient);
        deliveries = new DeliveryResourceApi(callbackClient);
    }

    @AfterAll
    static void stopSystem() throws InterruptedException {
        if (receiver != null) {
            receiver.close();
        }
        // Stopped together: each takes seconds to leave its consumer groups, and nothing here needs an order.
        List<Thread> stopping = Stream.of(callbackService, accountService, rechargeService)
                .map(service -> new Thread(() -> ServiceProcess.closeAll(service))).toList();
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            thread.join();
        }
    }

    @Test
    void rechargeStartedAtTheAccountIsCreditedAndReconciledInItsWindow() throws Exception {
        OffsetDateTime windowFrom = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        AccountView opened = accounts.createAccount(new CreateAccountRequest().owner("Contract Test").currency("CNY"));
        String accountNo = opened.getAccountNo();
        assertThat(opened.getBalance()).isEqualTo("0.00");

        AccountRechargeView started = accountRecharges.startRecharge(accountNo,
                new StartRechargeRequest().amount("100.00"));
        UUID txNo = started.getTxNo();
        assertThat(started.getStatus()).isEqualTo(AccountRechargeStatus.PENDING);
        assertThat(started.getAmount()).isEqualTo("100.00");

        await().untilAsserted(() -> assertThat(accounts.getAccount(accountNo).getBalance()).isEqualTo("100.00"));
        List<LedgerEntryView> ledger = accounts.listLedger(accountNo, null, null);
        assertThat(ledger).singleElement().satisfies(entry -> {
            assertThat(entry.getTxNo()).isEqualTo(txNo);
            assertThat(entry.getAmount()).isEqualTo("100.00");
            assertThat(entry.getSource()).isEqualTo(LedgerEntryView.SourceEnum.NOTIFICATION);
        });
        await().untilAsserted(() -> assertThat(accountRecharges.getAccountRecharge(accountNo, txNo).getStatus())
                .isEqualTo(AccountRechargeStatus.SUCCEEDED));
        // The active query (主动查询) of a resolved recharge changes nothing.
        assertThat(accountRecharges.reconcileAccountRecharge(accountNo, txNo).getStatus())
                .isEqualTo(AccountRechargeStatus.SUCCEEDED);

        RechargeView atSource = recharges.getRecharge(txNo);
        assertThat(atSource.getStatus()).isEqualTo(RechargeStatus.SUCCEEDED);
        assertThat(atSource.getAccountNo()).isEqualTo(accountNo);
        assertThat(atSource.getAmount()).isEqualTo("100.00");
        assertThat(atSource.getCompletedAt()).isAfterOrEqualTo(windowFrom);

        // The window [from, to) holds the recharge at the source, and its reconciliation finds it in the ledger.
        OffsetDateTime windowTo = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        assertThat(recharges.listRecharges(accountNo, null, windowFrom, windowTo, null, null, "SUCCEEDED")
                .getItems()).extracting(RechargeView::getTxNo).containsExactly(txNo);

        ReconciliationView run = reconciliations.runReconciliation(
                new ReconciliationRequest().from(windowFrom).to(windowTo));
        assertThat(run.getStatus()).isEqualTo(ReconciliationStatus.SUCCEEDED);
        assertThat(run.getTrigger()).isEqualTo(TriggerEnum.API);
        assertThat(run.getWindowFrom()).isAtSameInstantAs(windowFrom);
        assertThat(run.getWindowTo()).isAtSameInstantAs(windowTo);
        assertThat(run.getStartedBy()).isEqualTo(SUBJECT);
        assertThat(run.getReport().getWindow().getSourceSucceeded()).isPositive();
        assertThat(run.getReport().getWindow().getMatched()).isPositive();
        assertThat(run.getReport().getWindow().getDiscrepancies()).extracting(Finding::getTxNo).doesNotContain(txNo);
        assertThat(reconciliations.getReconciliation(run.getId())).isEqualTo(run);
    }

    @Test
    void aRepeatedTxNoIsIdempotentAndErrorsArriveAsProblems() throws Exception {
        String accountNo = accounts.createAccount(new CreateAccountRequest().owner("Contract Test").currency("CNY"))
                .getAccountNo();
        UUID txNo = UUID.randomUUID();
        CreateRechargeRequest request = new CreateRechargeRequest().txNo(txNo).accountNo(accountNo).amount("7.00")
                .currency("CNY");
        assertThat(recharges.createRechargeWithHttpInfo(request).getStatusCode()).isEqualTo(201);
        ApiResponse<RechargeView> again = recharges.createRechargeWithHttpInfo(request);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData().getTxNo()).isEqualTo(txNo);

        assertThatThrownBy(() -> recharges.createRecharge(request.amount("8.00"))).isInstanceOfSatisfying(
                ApiException.class, refused -> assertThat(problem(refused.getCode(), refused.getResponseHeaders()))
                        .isEqualTo("409 " + Problem.MEDIA_TYPE));
        assertThatThrownBy(() -> recharges.getRecharge(UUID.randomUUID())).isInstanceOfSatisfying(
                ApiException.class, missing -> assertThat(problem(missing.getCode(), missing.getResponseHeaders()))
                        .isEqualTo("404 " + Problem.MEDIA_TYPE));
    }

    private static String problem(int status, HttpHeaders headers) {
        return status + " " + headers.firstValue("content-type").orElse("");
    }

    @Test
    void deadLetterIsListedInspectedAndReplayed() throws Exception {
        // A genuinely signed result for an account that does not exist yet: permanent, so dead-lettered at once.
        String accountNo = "DL-" + UUID.randomUUID().toString().substring(0, 8);
        UUID txNo = UUID.randomUUID();
        TopicProbe.publish(Topics.RECHARGE_RESULTS, accountNo, EventCodec.encode(RechargeResultEvent.of(
                RechargeEventType.RechargeSucceeded, txNo, accountNo, new BigDecimal("25.50"), "CNY", Instant.now())));

        DeadLetterView listed = await().until(() -> deadLetters.listDeadLetters(accountNo, null, null, true, null)
                .getItems(), items -> items.size() == 1).get(0);
        DeadLetterView inspected = deadLetters.getDeadLetter(listed.getId());
        assertThat(inspected).isEqualTo(listed);
        assertThat(inspected.getTxNo()).isEqualTo(txNo);
        assertThat(inspected.getSignatureValid()).isTrue();
        assertThat(inspected.getErrorClass()).isEqualTo("permanent");
        assertThat(inspected.getOriginalTopic()).isEqualTo(Topics.RECHARGE_RESULTS);
        assertThat(inspected.getReplayedAt()).isNull();

        // Once the account exists, the replay credits it (and is recorded with who did it).
        accounts.createAccount(new CreateAccountRequest().accountNo(accountNo).owner("Contract Test").currency("CNY"));
        DeadLetterView replayed = deadLetters.replayDeadLetter(listed.getId());
        assertThat(replayed.getReplayResult()).isEqualTo(ReplayResult.CREDITED);
        assertThat(replayed.getReplayedBy()).isEqualTo(SUBJECT);
        assertThat(replayed.getReplayedAt()).isNotNull();
        assertThat(accounts.getAccount(accountNo).getBalance()).isEqualTo("25.50");
        assertThat(accounts.listLedger(accountNo, null, null)).singleElement()
                .extracting(LedgerEntryView::getSource).isEqualTo(LedgerEntryView.SourceEnum.REPLAY);
        assertThat(deadLetters.listDeadLetters(accountNo, null, null, true, null).getItems()).isEmpty();
    }

    @Test
    void registeredEndpointGetsTheRechargeCalledBack() throws Exception {
        String accountNo = accounts.createAccount(new CreateAccountRequest().owner("Merchant").currency("CNY"))
                .getAccountNo();
        EndpointView endpoint = endpoints.registerEndpoint(new EndpointRequest().url(URI.create(receiver.url()))
                .accountNos(List.of(accountNo)).description("contract test"));
        assertThat(endpoint.getEnabled()).isTrue();
        assertThat(endpoint.getSecret()).startsWith("whsec_");
        assertThat(endpoint.getAccountNos()).containsExactly(accountNo);

        UUID txNo = UUID.randomUUID();
        RechargeView taken = recharges.createRecharge(new CreateRechargeRequest().txNo(txNo).accountNo(accountNo)
                .amount("12.34").currency("CNY"));
        assertThat(taken.getStatus()).isEqualTo(RechargeStatus.SUCCEEDED);

        DeliveryView delivery = await().until(() -> endpoints.listDeliveries(endpoint.getId(), null, null, null)
                .getItems(), items -> items.size() == 1 && items.get(0).getStatus() == DeliveryStatus.SUCCEEDED)
                .get(0);
        assertThat(delivery.getTxNo()).isEqualTo(txNo);
        assertThat(delivery.getAccountNo()).isEqualTo(accountNo);
        DeliveryDetailView detail = deliveries.getDelivery(delivery.getId());
        assertThat(detail.getPayload().getTxNo()).isEqualTo(txNo);
        assertThat(detail.getPayload().getAmount()).isEqualTo("12.34");
        assertThat(detail.getAttempts()).singleElement().satisfies(attempt ->
                assertThat(attempt.getHttpStatus()).isEqualTo(204));

        // What the receiver got is that delivery, signed with the secret the registration showed.
        assertThat(receiver.calls()).singleElement().satisfies(call -> {
            assertThat(call.headers().firstValue("webhook-id")).contains(delivery.getEventId().toString());
            new Webhook(endpoint.getSecret()).verify(call.body(), call.headers());
        });
    }

    /** A bearer token for one service's audience with these roles, on every request of a client. */
    private static Consumer<HttpRequest.Builder> bearer(String audience, String... roles) {
        String token = TestTokens.token().roles(roles).audience(audience).subject(SUBJECT).sign();
        return request -> request.header("Authorization", "Bearer " + token);
    }

    /** A response field the document does not declare fails the call: the document must describe every one. */
    private static void strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions();
    }
}
