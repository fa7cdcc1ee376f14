package io.rechargenotify.shared.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' sampler (Quarkus uses a {@link Sampler} bean in place of {@code quarkus.otel.traces.sampler}): the
 * configured share of traces, decided by the trace id – so every service keeps or drops the same traces, and a result
 * is traced when its recharge was – but never by a caller's or a record's {@code sampled} flag, which anyone who can
 * call the API or write to a topic controls; and never a trace that would begin with a database statement. The pollers (the outbox relay, callback claims, the recovery and reconciliation sweeps) run a
 * statement every second or so with no work around it; each would be a trace of one span, burying the recharges'
 * traces. Statements made for a request or a record are still traced: they have a parent.
 */
@ApplicationScoped
public class SkipPollsSampler implements Sampler {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

    private final Sampler configured;

    public SkipPollsSampler(@ConfigProperty(name = "quarkus.otel.traces.sampler.arg", defaultValue = "1.0")
            double ratio) {
        Sampler byTraceId = Sampler.traceIdRatioBased(ratio);
        this.configured = Sampler.parentBasedBuilder(byTraceId).setRemoteParentSampled(byTraceId)
                .setRemoteParentNotSampled(byTraceId).build();
    }

    @Override
    public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
            Attributes attributes, List<LinkData> links) {
        boolean root = !Span.fromContext(parent).getSpanContext().isValid();
        if (root && kind == SpanKind.CLIENT
                && (attributes.get(DB_SYSTEM) != null || attributes.get(DB_SYSTEM_NAME) != null)) {
            return SamplingResult.drop();
        }
        return configured.shouldSample(parent, traceId, name, kind, attributes, links);
    }

    @Override
    public String getDescription() {
        return "SkipPollsSampler{" + configured.getDescription() + "}";
    }
}
