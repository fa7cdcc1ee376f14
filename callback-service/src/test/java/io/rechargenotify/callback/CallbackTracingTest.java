package io.rechargenotify.callback;

import static io.rechargenotify.callback.DeliveryApiTest.account;
import static io.rechargenotify.callback.DeliveryApiTest.event;
import static io.rechargenotify.callback.DeliveryApiTest.register;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestEventKeys;
import io.rechargenotify.shared.testing.TestTokens;
import io.rechargenotify.shared.testing.TopicProbe;
import io.rechargenotify.shared.tracing.MessageTracing;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With tracing on, a result's trace runs from the record's {@code traceparent} through intake (its statements
 * included) to every attempt of its deliveries, retries and resends alike, and its log lines carry the recharge and
 * the trace in their MDC; receivers never see the trace; and a record whose trace header is garbage is delivered all
 * the same, in a new trace.
 */
@QuarkusTest
@TestProfile(CallbackTracingTest.Tracing.class)
@WithTestResource(JwtKeysResource.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = CallbackDb.DATABASE))
class CallbackTracingTest {

    /** The SDK on, its spans to the CDI exporter below only, exported every 100 ms; intake's debug line logged. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "quarkus.log.category.\"io.rechargenotify.callback.intake\".level", "DEBUG");
        }
    }

    /** Quarkus exports spans to every SpanExporter bean ({@code quarkus.otel.traces.exporter=cdi}, the default). */
    @Singleton
    public static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PROCESS = "recharge-results process";
    private static final String DELIVER = "callback deliver";
    private static final List<ExtLogRecord> LINES = new CopyOnWriteArrayList<>();
    /** The service's log lines, with the MDC each was written under. */
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord line = (ExtLogRecord) record;
            line.copyMdc();
            LINES.add(line);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static TestReceiver receiver;

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.authorizeAllCalls();
        receiver = new TestReceiver();
        Logger.getLogger("io.rechargenotify.callback").addHandler(CAPTURE);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("io.rechargenotify.callback").removeHandler(CAPTURE);
        receiver.close();
    }

    @Test
    void aResultsTraceRunsFromItsRecordThroughEveryAttemptButNotToTheReceiver() {
        String account = account();
        String path = "/traced-" + account;
        receiver.rule(path, call -> call == 1 ? 503 : 200);
        String endpoint = register(receiver.url(path), account);
        RechargeResultEvent event = event(account);
        String traceId = hex(16);
        String publisher = hex(8);
        TopicProbe.publish(record(event, ("00-" + traceId + "-" + publisher + "-01").getBytes(StandardCharsets.UTF_8)));

        List<SpanData> attempts = awaitAttempts(event, 2);
        SpanData process = process(event);
        assertThat(process.getTraceId()).isEqualTo(traceId);
        assertThat(process.getParentSpanId()).isEqualTo(publisher);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getAttributes().get(MessageTracing.ACCOUNT_NO)).isEqualTo(account);
        assertThat(process.getAttributes().get(MessageTracing.EVENT_ID)).isEqualTo(event.eventId().toString());
        assertThat(statementsUnder(process)).as("the intake's statements").isNotEmpty();
        assertThat(CallbackDb.strings("SELECT traceparent FROM delivery WHERE event_id = ?::uuid",
                event.eventId().toString())).containsExactly("00-" + traceId + "-" + process.getSpanId() + "-01");

        SpanData retried = attempts.get(0);
        SpanData delivered = attempts.get(1);
        for (SpanData attempt : attempts) {
            assertThat(attempt.getTraceId()).isEqualTo(traceId);
            assertThat(attempt.getParentSpanId()).isEqualTo(process.getSpanId());
            assertThat(attempt.getAttributes().get(stringKey("callback.endpoint.id"))).isEqualTo(endpoint);
            assertThat(statementsUnder(attempt)).as("the statements recording attempt %s", attempt.getSpanId())
                    .isNotEmpty();
        }
        assertThat(retried.getAttributes().get(longKey("callback.attempt"))).isEqualTo(1L);
        assertThat(retried.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(503L);
        assertThat(retried.getAttributes().get(stringKey("callback.outcome"))).isEqualTo("retry");
        assertThat(retried.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(delivered.getAttributes().get(longKey("callback.attempt"))).isEqualTo(2L);
        assertThat(delivered.getAttributes().get(longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(delivered.getAttributes().get(stringKey("callback.outcome"))).isEqualTo("acknowledged");
        assertThat(delivered.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // An operator's resend, however late, joins the same trace.
        String id = CallbackDb.strings("SELECT id::text FROM delivery WHERE event_id = ?::uuid",
                event.eventId().toString()).get(0);
        given().post("/deliveries/" + id + "/resend").then().statusCode(200);
        SpanData resent = awaitAttempts(event, 3).get(2);
        assertThat(resent.getTraceId()).isEqualTo(traceId);
        assertThat(resent.getAttributes().get(longKey("callback.attempt"))).isEqualTo(3L);

        // Every line of the intake and of each attempt names the recharge and its trace.
        List<ExtLogRecord> lines = LINES.stream()
                .filter(line -> line.getFormattedMessage().contains(event.eventId().toString())
                        || line.getFormattedMessage().contains(event.txNo().toString()))
                .toList();
        assertThat(lines).extracting(ExtLogRecord::getFormattedMessage).anyMatch(line -> line.contains("planned"))
                .anyMatch(line -> line.contains("not acknowledged (HTTP 503)"))
                .anyMatch(line -> line.contains("delivered to endpoint " + endpoint + " (attempt 2, HTTP 200)"));
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.getMdc(RechargeLogContext.TX_NO)).isEqualTo(event.txNo().toString());
            assertThat(line.getMdc(RechargeLogContext.ACCOUNT_NO)).isEqualTo(account);
            assertThat(line.getMdc(RechargeLogContext.EVENT_ID)).isEqualTo(event.eventId().toString());
            assertThat(line.getMdc("traceId")).isEqualTo(traceId);
        });

        // Third parties get the signed Standard Webhooks headers, not our trace.
        assertThat(receiver.received(path)).hasSize(3).allSatisfy(call -> {
            assertThat(call.header("webhook-signature")).isNotNull();
            assertThat(call.header(MessageTracing.TRACEPARENT)).isNull();
            assertThat(call.header(MessageTracing.TRACESTATE)).isNull();
        });
    }

    @Test
    void aResultWithAGarbageTraceparentIsDeliveredInANewTrace() {
        String account = account();
        String path = "/untraced-" + account;
        register(receiver.url(path), account);
        byte[] oversized = ("00-" + hex(16) + "-" + hex(8) + "-01" + "x".repeat(600)).getBytes(StandardCharsets.UTF_8);
        byte[][] garbage = {oversized, "00-zzzz".getBytes(StandardCharsets.UTF_8), null, {(byte) 0xff, 0, (byte) 0xfe}};
        List<RechargeResultEvent> events = Stream.generate(() -> event(account)).limit(garbage.length).toList();
        for (int i = 0; i < garbage.length; i++) {
            TopicProbe.publish(record(events.get(i), garbage[i]));
        }

        for (RechargeResultEvent event : events) {
            SpanData attempt = awaitAttempts(event, 1).get(0);
            SpanData process = process(event);
            assertThat(process.getParentSpanContext().isValid()).as("a new trace").isFalse();
            assertThat(attempt.getTraceId()).isEqualTo(process.getTraceId());
            assertThat(attempt.getParentSpanId()).isEqualTo(process.getSpanId());
        }
        assertThat(receiver.received(path)).hasSize(garbage.length);
        // The dispatcher claimed these with a statement at a time when nothing was traced: no trace of its own
        // (shared.tracing.SkipPollsSampler), while the statements of traced work are exported (above).
        assertThat(spans.getFinishedSpanItems()).as("statements that began a trace")
                .noneMatch(span -> span.getKind() == SpanKind.CLIENT && !span.getParentSpanContext().isValid());
    }

    /** A signed result, with a traceparent header of these bytes. */
    private static ProducerRecord<String, String> record(RechargeResultEvent event, byte[] traceparent) {
        ProducerRecord<String, String> record = TestEventKeys.signed(new ProducerRecord<>(Topics.RECHARGE_RESULTS,
                event.accountNo(), EventCodec.encode(event)));
        record.headers().add(MessageTracing.TRACEPARENT, traceparent);
        return record;
    }

    /** The delivery attempts' spans of this result, in attempt order, once there are {@code count}. */
    private List<SpanData> awaitAttempts(RechargeResultEvent event, int count) {
        Awaitility.await().atMost(TIMEOUT).until(() -> of(event, DELIVER).size() >= count);
        return of(event, DELIVER).stream()
                .sorted(Comparator.comparing(span -> span.getAttributes().get(longKey("callback.attempt"))))
                .toList();
    }

    private SpanData process(RechargeResultEvent event) {
        Awaitility.await().atMost(TIMEOUT).until(() -> of(event, PROCESS).size() == 1);
        SpanData process = of(event, PROCESS).get(0);
        assertThat(process.getAttributes().get(stringKey("callback.intake.outcome"))).isEqualTo("stored");
        return process;
    }

    private List<SpanData> of(RechargeResultEvent event, String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals(name))
                .filter(span -> event.txNo().toString().equals(span.getAttributes().get(MessageTracing.TX_NO)))
                .toList();
    }

    /** The SQL client's spans directly under this one. */
    private List<SpanData> statementsUnder(SpanData parent) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT && span.getTraceId().equals(parent.getTraceId())
                        && span.getParentSpanId().equals(parent.getSpanId()))
                .toList();
    }

    private static AttributeKey<String> stringKey(String name) {
        return AttributeKey.stringKey(name);
    }

    private static AttributeKey<Long> longKey(String name) {
        return AttributeKey.longKey(name);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
