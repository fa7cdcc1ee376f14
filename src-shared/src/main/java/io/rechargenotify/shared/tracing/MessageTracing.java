package io.rechargenotify.shared.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Carries one recharge's trace where OpenTelemetry's instrumentation does not reach: through the outbox row (a stored
 * W3C {@code traceparent}) and through the Kafka records the services send and read themselves – with plain
 * kafka-clients, or a whole poll at a time. Written here because the Kafka clients instrumentation library is not
 * served to this build, and because it wraps a client per record: it cannot start from a stored outbox row, nor parent
 * the ledger work that one transaction does for a whole batch.
 *
 * <p>Only W3C {@code traceparent} crosses, never baggage or {@code tracestate}: headers of a record are untrusted
 * input, and a trace id is the only thing taken from them (whether it is sampled is decided here, by
 * {@link SkipPollsSampler}). Reading them never fails: a missing, oversized or malformed {@code traceparent} starts a
 * new trace instead.
 *
 * <p>With tracing off ({@code quarkus.otel.sdk.disabled}, the default) Quarkus still provides a working SDK without an
 * exporter; every span here is then the invalid one instead: nothing is recorded, no trace context is written to a
 * record or stored with a row, and no log line carries a trace id that no backend knows.
 */
@ApplicationScoped
public class MessageTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** W3C caps tracestate at 512 characters; a valid traceparent has 55. Anything longer is not read at all. */
    static final int MAX_HEADER_LENGTH = 512;

    public static final AttributeKey<String> TX_NO = AttributeKey.stringKey("recharge.tx_no");
    public static final AttributeKey<String> ACCOUNT_NO = AttributeKey.stringKey("recharge.account_no");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("recharge.event_id");
    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<String> MESSAGE_KEY = AttributeKey.stringKey("messaging.kafka.message.key");

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private final Tracer tracer;
    private final boolean off;

    public MessageTracing(OpenTelemetry openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean off) {
        this.tracer = openTelemetry.getTracer("io.rechargenotify");
        this.off = off;
    }

    /** The current span as a W3C traceparent, to be stored with a row; null when there is none (tracing off). */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored traceparent names, or the root context when it names none. */
    public static Context parentOf(String traceparent) {
        if (traceparent == null || traceparent.length() > MAX_HEADER_LENGTH) {
            return Context.root();
        }
        return extract(Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** The context a record's headers name, or the root context; never fails, whatever the headers hold. */
    public static Context parentOf(Headers headers) {
        return headers == null ? Context.root() : extract(headers, HEADERS_GETTER);
    }

    private static <C> Context extract(C carrier, TextMapGetter<C> getter) {
        try {
            return W3C.extract(Context.root(), carrier, getter);
        } catch (RuntimeException unreadable) {
            return Context.root();
        }
    }

    /** A producer span for one record to {@code topic}; its context goes into the record with {@link #inject}. */
    public Span startPublish(String topic, String key, Context parent) {
        if (off) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER).setParent(parent)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "publish")
                .setAttribute(MESSAGE_KEY, key == null ? "" : key)
                .startSpan();
    }

    /** A consumer span for processing one record, a child of the span that published it (if its headers say so). */
    public Span startProcess(String topic, int partition, long offset, Context parent) {
        if (off) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(MESSAGING_SYSTEM, "kafka").setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .setAttribute(PARTITION, (long) partition).setAttribute(OFFSET, offset)
                .startSpan();
    }

    /** A span for one step of work inside this service (a ledger credit, a callback attempt). */
    public Span startStep(String name, Context parent) {
        if (off) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).setParent(parent).startSpan();
    }

    /**
     * Writes the span's context into the headers, replacing any trace context they carried before (an invalid span –
     * tracing off – writes none).
     */
    public static void inject(Span span, Headers headers) {
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        W3C.inject(Context.root().with(span), headers,
                (carrier, name, value) -> carrier.add(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Names the recharge a span works on (what an operator searches traces by). */
    public static void describe(Span span, UUID txNo, String accountNo, UUID eventId) {
        if (txNo != null) {
            span.setAttribute(TX_NO, txNo.toString());
        }
        if (accountNo != null) {
            span.setAttribute(ACCOUNT_NO, accountNo);
        }
        if (eventId != null) {
            span.setAttribute(EVENT_ID, eventId.toString());
        }
    }

    /** Ends the span, marked failed with the failure if there was one. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null || !TRACEPARENT.equals(key) ? null : carrier.get(key);
        }
    };

    private static final TextMapGetter<Headers> HEADERS_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header header : carrier) {
                keys.add(header.key());
            }
            return keys;
        }

        /** The last traceparent header: a republished record may carry an old one before it (not ours, though). */
        @Override
        public String get(Headers carrier, String key) {
            if (!TRACEPARENT.equals(key)) {
                return null; // tracestate is vendor data a span would carry on: never taken from outside
            }
            Header header = carrier == null ? null : carrier.lastHeader(key);
            if (header == null || header.value() == null || header.value().length > MAX_HEADER_LENGTH) {
                return null;
            }
            return new String(header.value(), StandardCharsets.UTF_8);
        }
    };
}
