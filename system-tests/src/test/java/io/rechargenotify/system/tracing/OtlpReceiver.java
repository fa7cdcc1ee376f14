package io.rechargenotify.system.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;

/**
 * An OpenTelemetry collector for the system tests: OTLP/HTTP with protobuf bodies ({@code POST /v1/traces}) on a free
 * loopback port, answering each export 200 with an empty {@code ExportTraceServiceResponse}, and keeping every span
 * for the test. Anything else it is sent (another path, another content type, a body it cannot read) is answered
 * with an error and kept as a problem, which failure messages show.
 */
public final class OtlpReceiver implements AutoCloseable {

    static final String TRACES_PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";
    /** At most this many spans are listed in a failure message (the latest). */
    private static final int SHOWN = 150;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exports = new AtomicInteger();

    private OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static OtlpReceiver start() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the OTLP receiver", e);
        }
    }

    /** The base URL a service exports to (the OTLP/HTTP exporter adds {@code /v1/traces}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans received so far that match. */
    public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
        return spans.stream().filter(filter).toList();
    }

    /** The spans of one trace received so far. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans(span -> span.traceId().equals(traceId));
    }

    /** The span with this id in this trace, if received. */
    public Optional<ReceivedSpan> span(String traceId, String spanId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId) && span.spanId().equals(spanId))
                .findFirst();
    }

    /** Requests that were not a readable protobuf trace export, described. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Waits until at least one span matching {@code wanted} has arrived and returns all that match; on timeout fails
     * with {@code description} and what did arrive.
     */
    public List<ReceivedSpan> await(String description, Predicate<ReceivedSpan> wanted, Duration timeout) {
        Awaitility.await(description).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(spans(wanted)).as(() -> "a span: " + description + "\n" + report())
                        .isNotEmpty());
        return spans(wanted);
    }

    /**
     * Waits until the span's ancestors have all arrived, up to the root of its trace, and returns the chain: the span
     * first, the root last. On timeout fails with the chain as far as it goes and the trace as received.
     */
    public List<ReceivedSpan> awaitAncestry(ReceivedSpan span, Duration timeout) {
        Awaitility.await("the ancestors of " + span.name()).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    List<ReceivedSpan> chain = ancestry(span);
                    assertThat(chain.get(chain.size() - 1).isRoot())
                            .as(() -> "the chain from '%s' reaches its trace's root; it stops at a span whose parent "
                                    .formatted(span.name()) + "has not arrived:\n" + lines(chain)
                                    + "\nthe trace as received:\n" + lines(trace(span.traceId())) + problemsLine())
                            .isTrue();
                });
        return ancestry(span);
    }

    /** The span and the ancestors received so far, nearest first. */
    public List<ReceivedSpan> ancestry(ReceivedSpan span) {
        List<ReceivedSpan> chain = new ArrayList<>();
        chain.add(span);
        ReceivedSpan current = span;
        while (!current.isRoot() && chain.size() < 100) {
            Optional<ReceivedSpan> parent = span(current.traceId(), current.parentSpanId());
            if (parent.isEmpty()) {
                break;
            }
            current = parent.get();
            chain.add(current);
        }
        return chain;
    }

    /** What arrived, for a failure message: counts, problems, and the latest spans. */
    public String report() {
        List<ReceivedSpan> all = spans();
        List<ReceivedSpan> shown = all.subList(Math.max(0, all.size() - SHOWN), all.size());
        return "%d exports, %d spans received (by service: %s)%s; the latest %d:%n%s".formatted(exports.get(),
                all.size(), all.stream().collect(Collectors.groupingBy(ReceivedSpan::service, Collectors.counting())),
                problemsLine(), shown.size(), lines(shown));
    }

    private String problemsLine() {
        return problems.isEmpty() ? "" : "\nrequests not understood: " + problems;
    }

    static String lines(List<ReceivedSpan> spans) {
        return spans.stream().map(span -> "  " + span).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = read(exchange);
            String path = exchange.getRequestURI().getPath();
            String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
            if (!"POST".equals(exchange.getRequestMethod()) || !TRACES_PATH.equals(path)) {
                problems.add(exchange.getRequestMethod() + " " + path);
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!contentType.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
                problems.add("POST " + path + " as '" + contentType + "'");
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                problems.add("POST " + path + " unreadable: " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            collect(request);
            exports.incrementAndGet();
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (RuntimeException e) {
            problems.add("failed to handle an export: " + e);
            throw e;
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private void collect(ExportTraceServiceRequest request) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
                            hex(span.getParentSpanId()), span.getName(),
                            span.getKind().name().replace("SPAN_KIND_", ""),
                            span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            attributes(span.getAttributesList())));
                }
            }
        }
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributesList().stream().filter(attribute -> attribute.getKey().equals("service.name"))
                .map(attribute -> text(attribute.getValue())).findFirst().orElse("(no service.name)");
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> texts = new HashMap<>();
        for (KeyValue attribute : attributes) {
            texts.put(attribute.getKey(), text(attribute.getValue()));
        }
        return texts;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case BYTES_VALUE -> hex(value.getBytesValue());
            default -> value.toString().strip();
        };
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
