package io.rechargenotify.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    private final MessageTracing tracing = new MessageTracing(sdk, false);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void aRecordsTraceparentHeaderParentsItsProcessSpan() {
        Headers headers = headers(TRACEPARENT);

        tracing.startProcess("recharge-results", 2, 41, MessageTracing.parentOf(headers)).end();

        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("recharge-results process");
    }

    @Test
    void hostileTraceHeadersStartANewTraceInsteadOfFailing() {
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add(MessageTracing.TRACEPARENT, null);
        String oversized = "00-" + TRACE_ID + "-" + PARENT_ID + "-01" + "x".repeat(600);
        for (Headers hostile : new Headers[] {nullValue, headers("00-zzzz"), headers(oversized), headers(""),
                headers("ff-" + TRACE_ID + "-" + PARENT_ID + "-01"), headers("00-" + "0".repeat(32) + "-"
                        + PARENT_ID + "-01"), rawHeaders(new byte[] {(byte) 0xff, 0, (byte) 0xfe}), null}) {
            Context parent = MessageTracing.parentOf(hostile);
            assertThat(Span.fromContext(parent).getSpanContext().isValid()).as("parent from %s", hostile).isFalse();
        }
        // a new trace, not a failure
        tracing.startProcess("recharge-results", 0, 0, MessageTracing.parentOf(headers("00-zzzz"))).end();
        assertThat(exported.getFinishedSpanItems().get(0).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void withTracingOffNothingIsRecordedNorWrittenToARecord() {
        MessageTracing off = new MessageTracing(sdk, true);
        Headers headers = headers(TRACEPARENT);

        Span process = off.startProcess("recharge-results", 0, 1, MessageTracing.parentOf(headers));
        Span publish = off.startPublish("recharge-results.retry-1m", "ACC-1", Context.root().with(process));
        Span step = off.startStep("ledger credit", Context.root().with(process));
        MessageTracing.inject(publish, headers);
        for (Span span : new Span[] {process, publish, step}) {
            assertThat(span.getSpanContext().isValid()).isFalse();
            span.end();
        }

        assertThat(headers.lastHeader(MessageTracing.TRACEPARENT)).as("the record's old trace is not passed on").isNull();
        assertThat(exported.getFinishedSpanItems()).isEmpty();
        try (Scope ignored = process.makeCurrent()) {
            assertThat(MessageTracing.currentTraceparent()).as("nothing stored with a row").isNull();
        }
    }

    @Test
    void aRecordsTracestateIsNeverTaken() {
        Headers headers = headers(TRACEPARENT);
        headers.add(MessageTracing.TRACESTATE, "vendor=forged".getBytes(StandardCharsets.UTF_8));

        assertThat(Span.fromContext(MessageTracing.parentOf(headers)).getSpanContext().getTraceState().isEmpty())
                .isTrue();
    }

    @Test
    void theLastTraceparentHeaderCounts() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageTracing.TRACEPARENT, "00-zzzz".getBytes(StandardCharsets.UTF_8));
        headers.add(MessageTracing.TRACEPARENT, TRACEPARENT.getBytes(StandardCharsets.UTF_8));

        assertThat(Span.fromContext(MessageTracing.parentOf(headers)).getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void aPublishSpanReplacesTheTraceContextTheRecordCarried() {
        Headers headers = headers(TRACEPARENT);
        headers.add(MessageTracing.TRACESTATE, "vendor=forged".getBytes(StandardCharsets.UTF_8));
        Span publish = tracing.startPublish("recharge-results.retry-1m", "ACC-1", MessageTracing.parentOf(TRACEPARENT));

        MessageTracing.inject(publish, headers);
        publish.end();

        assertThat(headers.headers(MessageTracing.TRACEPARENT)).hasSize(1);
        assertThat(headers.lastHeader(MessageTracing.TRACESTATE)).isNull();
        SpanContext carried = Span.fromContext(MessageTracing.parentOf(headers)).getSpanContext();
        SpanData span = exported.getFinishedSpanItems().get(0);
        assertThat(carried.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(carried.getSpanId()).isEqualTo(span.getSpanId()).isNotEqualTo(PARENT_ID);
        assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
    }

    @Test
    void theCurrentSpanIsStoredAsATraceparentAndReadBack() {
        assertThat(MessageTracing.currentTraceparent()).as("no span, nothing stored").isNull();
        Span request = sdk.getTracer("test").spanBuilder("POST /recharges").startSpan();
        String stored;
        try (Scope ignored = request.makeCurrent()) {
            stored = MessageTracing.currentTraceparent();
        }
        request.end();

        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        SpanContext read = Span.fromContext(MessageTracing.parentOf(stored)).getSpanContext();
        assertThat(read.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(read.getSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(Span.fromContext(MessageTracing.parentOf((String) null)).getSpanContext().isValid()).isFalse();
        assertThat(Span.fromContext(MessageTracing.parentOf("x".repeat(600))).getSpanContext().isValid()).isFalse();
    }

    @Test
    void aSpanIsNamedByItsRechargeAndEndsFailedWithItsFailure() {
        Span span = tracing.startStep("ledger credit", Context.root());
        UUID txNo = UUID.randomUUID();
        MessageTracing.describe(span, txNo, "ACC-1", null);
        MessageTracing.end(span, new IllegalStateException("account ACC-1 not found"));

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertThat(data.getAttributes().get(MessageTracing.TX_NO)).isEqualTo(txNo.toString());
        assertThat(data.getAttributes().get(MessageTracing.ACCOUNT_NO)).isEqualTo("ACC-1");
        assertThat(data.getAttributes().get(MessageTracing.EVENT_ID)).isNull();
        assertThat(data.getStatus().getDescription()).isEqualTo("account ACC-1 not found");
        assertThat(data.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    }

    private static Headers headers(String traceparent) {
        return rawHeaders(traceparent.getBytes(StandardCharsets.UTF_8));
    }

    private static Headers rawHeaders(byte[] traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MessageTracing.TRACEPARENT, traceparent);
        return headers;
    }
}
