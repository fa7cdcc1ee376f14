package io.rechargenotify.system.tracing;

import java.util.Map;
import java.util.TreeMap;

/**
 * One span as a service exported it to the {@link OtlpReceiver}: ids in lower-case hex (the parent empty for a root),
 * the kind without its prefix ({@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER}, {@code INTERNAL}),
 * the exporting service's {@code service.name}, and its attributes as text.
 */
public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
        String kind, boolean error, Map<String, String> attributes) {

    public ReceivedSpan {
        attributes = Map.copyOf(attributes);
    }

    /** The attribute's value as text, or null. */
    public String attribute(String key) {
        return attributes.get(key);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public boolean isChildOf(ReceivedSpan parent) {
        return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
    }

    /** One line, for failure messages: service, kind, name, ids, status, attributes (sorted). */
    @Override
    public String toString() {
        return "%s %s '%s' trace=%s span=%s parent=%s%s %s".formatted(service, kind, name, traceId, spanId,
                parentSpanId.isEmpty() ? "-" : parentSpanId, error ? " ERROR" : "", new TreeMap<>(attributes));
    }
}
