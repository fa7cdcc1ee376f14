package io.rechargenotify.system.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.rechargenotify.shared.security.Roles;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.rechargenotify.system.ServiceProcess;
import io.rechargenotify.system.Sql;
import io.rechargenotify.system.SystemApi;
import io.rechargenotify.system.SystemEnv;
import io.rechargenotify.system.tracing.JsonLog.Line;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: one recharge can be followed across the packaged services. With tracing on, exporting to a test OTLP
 * receiver, the request that takes a recharge, the relay's publication, account-service's processing and its ledger
 * credit (and callback-service's intake and delivery) are ONE trace, linked parent to child across the processes –
 * through the outbox row and the Kafka headers, and through a retry topic too. Their JSON log lines name the recharge
 * and that trace.
 *
 * <p>One start of the three services for the class (each test uses a fresh account): account-service with a retry
 * ladder of seconds and a short row-lock wait, so a locked account makes a transient failure that is retried soon.
 */
class TracingIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String RECHARGE_DB = "tracing_recharge";
    private static final String ACCOUNT_DB = "tracing_account";
    private static final String CALLBACK_DB = "tracing_callback";
    private static final String RETRY_STEP = "3s";
    private static final String RETRY_TOPIC = "recharge-results.retry-" + RETRY_STEP;

    private static final String TX_NO = "recharge.tx_no";
    private static final String ACCOUNT_NO = "recharge.account_no";
    private static final String EVENT_ID = "recharge.event_id";
    private static final String OUTCOME = "ledger.outcome";

    private static final String RECHARGE = "recharge-service";
    private static final String ACCOUNT = "account-service";
    private static final String CALLBACK = "callback-service";

    private static OtlpReceiver otlp;
    private static CallbackReceiver callbacks;
    private static ServiceProcess rechargeService;
    private static ServiceProcess accountService;
    private static ServiceProcess callbackService;
    /** Where this run's part of each service's log starts (the files are appended to across runs). */
    private static final Map<String, Integer> logStart = new HashMap<>();

    @BeforeAll
    static void startSystem() {
        otlp = OtlpReceiver.start();
        callbacks = new CallbackReceiver();
        Sql.recreate(RECHARGE_DB);
        Sql.recreate(ACCOUNT_DB);
        Sql.recreate(CALLBACK_DB);
        rechargeService = start(RECHARGE, SystemEnv.forDatabase(RECHARGE_DB));
        Map<String, String> account = new HashMap<>(SystemEnv.forDatabase(ACCOUNT_DB));
        account.put("ACCOUNT_RETRY_LADDER", RETRY_STEP + ",4s");
        account.put("ACCOUNT_LEDGER_LOCK_TIMEOUT", "100ms");
        accountService = start(ACCOUNT, account);
        Map<String, String> callback = new HashMap<>(SystemEnv.forDatabase(CALLBACK_DB));
        // The receiver is a plain-http server on loopback, refused by the prod defaults.
        callback.put("CALLBACK_REQUIRE_HTTPS", "false");
        callback.put("CALLBACK_ALLOW_LOOPBACK", "true");
        callbackService = start(CALLBACK, callback);
    }

    private static ServiceProcess start(String service, Map<String, String> env) {
        String instance = "tracing-" + service;
        logStart.put(service, JsonLog.lineCount(ServiceProcess.logOf(instance)));
        return ServiceProcess.start(service, instance, SystemEnv.withTracing(env, otlp.endpoint()));
    }

    @AfterAll
    static void stopSystem() {
        ServiceProcess.closeAll(callbackService, accountService, rechargeService);
        if (callbacks != null) {
            callbacks.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    @Test
    void oneTraceFromTheRequestThroughTheOutboxAndKafkaToTheLedgerCredit() {
        String accountNo = SystemApi.openAccount(accountService, "TRACE");
        String txNo = UUID.randomUUID().toString();
        SystemApi.postRecharge(rechargeService, UUID.fromString(txNo), accountNo, "12.30");
        awaitBalance(accountNo, "12.30");

        ReceivedSpan credit = awaitCredit(txNo);
        List<ReceivedSpan> chain = otlp.awaitAncestry(credit, TIMEOUT);
        String shown = "\nthe chain, credit first:\n" + OtlpReceiver.lines(chain) + "\nthe trace:\n"
                + OtlpReceiver.lines(otlp.trace(credit.traceId()));
        System.out.println("[tracing] " + txNo + ", the chain of its credit:\n" + OtlpReceiver.lines(chain));

        // credit → process (account-service) → publish (recharge-service's relay) → … → the request (the root)
        assertThat(chain.stream().map(TracingIT::shape).toList()).as("the credit's ancestors" + shown)
                .startsWith(ACCOUNT + " INTERNAL ledger credit", ACCOUNT + " CONSUMER recharge-results process",
                        RECHARGE + " PRODUCER recharge-results publish")
                .endsWith(RECHARGE + " SERVER POST /recharges");
        assertThat(chain.subList(2, chain.size())).as("the publish and its ancestors are recharge-service's" + shown)
                .allMatch(span -> span.service().equals(RECHARGE));
        ReceivedSpan process = chain.get(1);
        ReceivedSpan publish = chain.get(2);
        ReceivedSpan request = chain.get(chain.size() - 1);

        assertThat(credit.attribute(TX_NO)).as("credit's " + TX_NO + shown).isEqualTo(txNo);
        assertThat(credit.attribute(OUTCOME)).as("credit's " + OUTCOME + shown).isEqualTo("CREDITED");
        assertThat(credit.attribute(ACCOUNT_NO)).as("credit's " + ACCOUNT_NO + shown).isEqualTo(accountNo);
        assertThat(process.attribute(TX_NO)).as("process span's " + TX_NO + shown).isEqualTo(txNo);
        assertThat(process.attribute(ACCOUNT_NO)).as("process span's " + ACCOUNT_NO + shown).isEqualTo(accountNo);
        assertThat(process.attribute(EVENT_ID)).as("process span's " + EVENT_ID + shown).isNotBlank();
        assertThat(credit.attribute(EVENT_ID)).as("credit's " + EVENT_ID + shown)
                .isEqualTo(process.attribute(EVENT_ID));
        assertThat(publish.attribute(TX_NO)).as("publish span's " + TX_NO + shown).isEqualTo(txNo);
        assertThat(process.isChildOf(publish)).as("the process span's parent is the producer span" + shown).isTrue();
        assertThat(publish.traceId()).as("the producer span is in the request's trace" + shown)
                .isEqualTo(request.traceId());
        assertThat(credit.traceId()).isEqualTo(request.traceId());

        // The payment channel's call is in the request's trace as well.
        List<ReceivedSpan> charge = otlp.await("recharge-service's payment-channel charge in trace "
                + request.traceId(), span -> span.traceId().equals(request.traceId()) && span.service().equals(
                        RECHARGE) && span.name().equals("payment-channel charge"), TIMEOUT);
        assertThat(charge).as("payment-channel charge spans" + shown).hasSize(1)
                .allMatch(span -> span.kind().equals("INTERNAL"));
        assertThat(otlp.awaitAncestry(charge.get(0), TIMEOUT)).as("the charge's ancestors" + shown)
                .endsWith(request);

        // Nothing of this recharge started a trace of its own.
        assertThat(otlp.spans(span -> txNo.equals(span.attribute(TX_NO)))).as("the spans naming " + txNo)
                .allMatch(span -> span.traceId().equals(request.traceId()));
        // Records are traced once, by MessageTracing: the messaging connector adds no spans of its own beside ours.
        assertThat(otlp.trace(request.traceId())).as("the trace's consumer spans" + shown)
                .filteredOn(span -> span.kind().equals("CONSUMER")).isNotEmpty()
                .allMatch(span -> span.name().endsWith(" process"));
        assertThat(otlp.problems()).as("exports the receiver did not understand").isEmpty();
    }

    @Test
    void theJsonLogLinesOfARechargeNameItAndItsTrace() {
        String accountNo = SystemApi.openAccount(accountService, "JSONLOG");
        String txNo = UUID.randomUUID().toString();
        SystemApi.postRecharge(rechargeService, UUID.fromString(txNo), accountNo, "7.70");
        awaitBalance(accountNo, "7.70");
        String traceId = awaitCredit(txNo).traceId();

        List<Line> recharge = assertLogLines(RECHARGE, txNo, traceId, null,
                "an INFO line whose message mentions the txNo (its outcome recorded)",
                line -> line.level().equals("INFO") && line.message().contains(txNo));
        List<Line> account = assertLogLines(ACCOUNT, txNo, traceId, accountNo,
                "an INFO line whose message mentions the txNo (its credit)",
                line -> line.level().equals("INFO") && line.message().contains(txNo));

        // Each line's span is one of the trace's spans: a line leads to the very span it was written in.
        List<Line> all = new ArrayList<>(recharge);
        all.addAll(account);
        Awaitility.await("the spans the log lines name").atMost(TIMEOUT).untilAsserted(() -> {
            Set<String> spanIds = otlp.trace(traceId).stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            assertThat(all).as(() -> "the lines of " + txNo + " name spans of trace " + traceId + ", which are:\n"
                    + OtlpReceiver.lines(otlp.trace(traceId))).allMatch(line -> spanIds.contains(line.mdc("spanId")));
        });
    }

    @Test
    void aRetryHopStaysInTheTraceUpToTheFinalCredit() throws SQLException {
        String accountNo = SystemApi.openAccount(accountService, "RETRYTRACE");
        String txNo = UUID.randomUUID().toString();
        // The account's row is locked: the first attempt waits 100 ms for it, fails (transient) and the result is
        // handed to the first retry topic; the lock is gone before the retry is due.
        try (Connection lock = Sql.lockAccount(ACCOUNT_DB, accountNo)) {
            SystemApi.postRecharge(rechargeService, UUID.fromString(txNo), accountNo, "5.50");
            TopicProbe.awaitRecords(RETRY_TOPIC, record -> record.value().contains(txNo), 1, TIMEOUT);
            lock.rollback();
        }
        awaitBalance(accountNo, "5.50");

        ReceivedSpan credit = awaitCredit(txNo);
        List<ReceivedSpan> chain = otlp.awaitAncestry(credit, TIMEOUT);
        String shown = "\nthe chain, credit first:\n" + OtlpReceiver.lines(chain) + "\nthe trace:\n"
                + OtlpReceiver.lines(otlp.trace(credit.traceId()));
        System.out.println("[tracing] " + txNo + ", the chain of its credit:\n" + OtlpReceiver.lines(chain));
        assertThat(chain.stream().map(TracingIT::shape).toList()).as("the final credit's ancestors" + shown)
                .startsWith(ACCOUNT + " INTERNAL ledger credit",
                        ACCOUNT + " CONSUMER " + RETRY_TOPIC + " process",
                        ACCOUNT + " PRODUCER " + RETRY_TOPIC + " publish",
                        ACCOUNT + " CONSUMER recharge-results process",
                        RECHARGE + " PRODUCER recharge-results publish")
                .endsWith(RECHARGE + " SERVER POST /recharges");
        assertThat(credit.attribute(TX_NO)).as("credit's " + TX_NO + shown).isEqualTo(txNo);
        assertThat(chain.get(1).attribute(TX_NO)).as("retry process span's " + TX_NO + shown).isEqualTo(txNo);
        assertThat(chain.get(3).attribute(TX_NO)).as("failed process span's " + TX_NO + shown).isEqualTo(txNo);
        String traceId = chain.get(chain.size() - 1).traceId();
        assertThat(chain).as("one trace" + shown).allMatch(span -> span.traceId().equals(traceId));
        assertThat(otlp.spans(span -> txNo.equals(span.attribute(TX_NO)))).as("the spans naming " + txNo)
                .allMatch(span -> span.traceId().equals(traceId));

        // The hand-off is logged (WARN) with the recharge and the trace, like the rest of its path.
        assertLogLines(ACCOUNT, txNo, traceId, accountNo, "a WARN line with mdc.txNo about the retry (the hand-off to "
                + RETRY_TOPIC + ")", line -> line.level().equals("WARN") && txNo.equals(line.mdc("txNo"))
                && line.message().toLowerCase(Locale.ROOT).contains("retry"));
    }

    @Test
    void callbackServiceIntakeAndDeliveryJoinTheRechargesTrace() {
        String accountNo = SystemApi.openAccount(accountService, "CBTRACE");
        registerEndpoint(accountNo);
        String txNo = UUID.randomUUID().toString();
        SystemApi.postRecharge(rechargeService, UUID.fromString(txNo), accountNo, "3.30");
        Awaitility.await("the callback of " + txNo).atMost(TIMEOUT)
                .until(() -> callbacks.bodies().stream().anyMatch(body -> body.contains(txNo)));

        ReceivedSpan publish = only(otlp.await("recharge-service's publish of " + txNo, span -> span.service().equals(
                RECHARGE) && span.name().equals("recharge-results publish") && txNo.equals(span.attribute(TX_NO)),
                TIMEOUT), "publish spans of " + txNo);
        ReceivedSpan process = only(otlp.await("callback-service's process span of " + txNo, span -> span.service()
                .equals(CALLBACK) && span.kind().equals("CONSUMER") && txNo.equals(span.attribute(TX_NO)), TIMEOUT),
                "callback-service's consumer spans of " + txNo);
        List<ReceivedSpan> attempts = otlp.await("callback-service's delivery attempt span of " + txNo,
                span -> span.service().equals(CALLBACK) && span.name().contains("callback")
                        && span.traceId().equals(publish.traceId()), TIMEOUT);
        String shown = "\nthe trace:\n" + OtlpReceiver.lines(otlp.trace(publish.traceId()));

        assertThat(process.name()).as("callback-service's consumer span" + shown).isEqualTo("recharge-results process");
        assertThat(process.isChildOf(publish)).as("callback-service's process span is the publish's child" + shown)
                .isTrue();
        for (ReceivedSpan attempt : attempts) {
            assertThat(attempt.attribute(TX_NO)).as("attempt span's " + TX_NO + shown).isEqualTo(txNo);
            assertThat(otlp.awaitAncestry(attempt, TIMEOUT)).as("the attempt's ancestors" + shown).contains(publish)
                    .last().matches(root -> root.service().equals(RECHARGE) && root.kind().equals("SERVER")
                            && root.name().equals("POST /recharges"), "recharge-service's POST /recharges");
        }
        assertLogLines(CALLBACK, txNo, publish.traceId(), accountNo,
                "an INFO line whose message mentions the txNo (its delivery)",
                line -> line.level().equals("INFO") && line.message().contains(txNo));
    }

    /** account-service's ledger credit span of the recharge, once it has arrived (there is exactly one). */
    private static ReceivedSpan awaitCredit(String txNo) {
        List<ReceivedSpan> credits = otlp.await("account-service's ledger credit of " + txNo + " (CREDITED)",
                span -> span.service().equals(ACCOUNT) && span.name().equals("ledger credit")
                        && txNo.equals(span.attribute(TX_NO)) && "CREDITED".equals(span.attribute(OUTCOME)),
                TIMEOUT);
        return only(credits, "CREDITED ledger credit spans of " + txNo);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, String what) {
        assertThat(spans).as(what + ":\n" + OtlpReceiver.lines(spans)).hasSize(1);
        return spans.get(0);
    }

    private static String shape(ReceivedSpan span) {
        return span.service() + " " + span.kind() + " " + span.name();
    }

    /**
     * Waits for the line {@code awaited} describes in the service's log, then checks every line of the recharge
     * (its message mentions the txNo, or its MDC names it): each is JSON, with mdc.txNo = the txNo, mdc.traceId = the
     * trace, a mdc.spanId, and (if given) mdc.accountNo. Returns those lines.
     */
    private static List<Line> assertLogLines(String service, String txNo, String traceId, String accountNo,
            String awaited, Predicate<Line> awaitedLine) {
        Path file = ServiceProcess.logOf("tracing-" + service);
        int skip = logStart.get(service);
        Awaitility.await(service + "'s log line of " + txNo).atMost(TIMEOUT).untilAsserted(() -> {
            JsonLog log = JsonLog.read(file, skip);
            assertThat(log.lines()).as(() -> "%s: %s of %s in %s; the lines about it:%n%s%nlines not JSON that "
                    .formatted(service, awaited, txNo, file, JsonLog.show(log.about(txNo)))
                    + "mention it:\n" + JsonLog.show(log.othersAbout(txNo))).anyMatch(awaitedLine);
        });
        JsonLog log = JsonLog.read(file, skip);
        List<Line> lines = log.about(txNo);
        System.out.printf("[tracing] %s: %d JSON lines, %d lines not JSON (skipped: %s), %d about %s%n", service,
                log.lines().size(), log.others().size(), log.others().stream().limit(3).map(Object::toString)
                        .collect(Collectors.joining(" | ")), lines.size(), txNo);

        assertThat(log.othersAbout(txNo)).as("%s: lines about %s that are not JSON, in %s", service, txNo, file)
                .isEmpty();
        List<String> wrong = new ArrayList<>();
        for (Line line : lines) {
            List<String> faults = new ArrayList<>();
            if (!txNo.equals(line.mdc("txNo"))) {
                faults.add("mdc.txNo=" + line.mdc("txNo"));
            }
            if (!traceId.equals(line.mdc("traceId"))) {
                faults.add("mdc.traceId=" + line.mdc("traceId") + " (the trace is " + traceId + ")");
            }
            if (line.mdc("spanId") == null || line.mdc("spanId").isBlank()) {
                faults.add("no mdc.spanId");
            }
            if (accountNo != null && !accountNo.equals(line.mdc("accountNo"))) {
                faults.add("mdc.accountNo=" + line.mdc("accountNo") + " (expected " + accountNo + ")");
            }
            if (!faults.isEmpty()) {
                wrong.add(line.number() + " " + line.level() + " '" + line.message() + "': " + faults);
            }
        }
        assertThat(wrong).as("%s: lines about %s without its txNo/trace in the MDC (of %d lines about it in %s):%n%s",
                service, txNo, lines.size(), file, JsonLog.show(lines)).isEmpty();
        return lines;
    }

    private static void awaitBalance(String accountNo, String expected) {
        Awaitility.await("the balance of " + accountNo).atMost(TIMEOUT).untilAsserted(() -> assertThat(
                SystemApi.balance(accountService, accountNo)).isEqualByComparingTo(expected));
    }


    private static void registerEndpoint(String accountNo) {
        String adminToken = TestTokens.token().roles(Roles.CALLBACK_ADMIN).audience(Roles.CALLBACK_AUDIENCE)
                .subject("system-test").sign();
        given().baseUri(callbackService.baseUrl()).auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("url", callbacks.url(), "accountNos", List.of(accountNo),
                        "description", "tracing system test"))
                .post("/endpoints").then().statusCode(201);
    }

    /** A merchant's receiver that acknowledges every callback (its signature is not what this test is about). */
    private static final class CallbackReceiver implements AutoCloseable {

        private final HttpServer server;
        private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();

        CallbackReceiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (exchange) {
                    bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/tracing";
        }

        List<String> bodies() {
            return List.copyOf(bodies);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
