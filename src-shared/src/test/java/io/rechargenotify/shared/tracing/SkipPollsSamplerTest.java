package io.rechargenotify.shared.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkipPollsSamplerTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Attributes STATEMENT = Attributes.builder().put("db.system", "postgresql").build();
    private static final Attributes STATEMENT_NEW_NAMES = Attributes.builder().put("db.system.name", "postgresql")
            .build();
    private final SkipPollsSampler sampler = new SkipPollsSampler(1.0);

    @Test
    void aStatementWithNothingAroundItStartsNoTrace() {
        assertThat(decide(Context.root(), SpanKind.CLIENT, STATEMENT)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), SpanKind.CLIENT, STATEMENT_NEW_NAMES)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aStatementOfTracedWorkAndEveryOtherRootAreKept() {
        assertThat(decide(sampledParent(), SpanKind.CLIENT, STATEMENT)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.SERVER, Attributes.empty()))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.CLIENT, Attributes.empty()))
                .as("an HTTP call of a sweep").isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.CONSUMER, Attributes.empty()))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void theShareDecidesByTraceIdWhateverTheCallersFlagSays() {
        SkipPollsSampler none = new SkipPollsSampler(0.0);
        assertThat(none.shouldSample(Context.root(), TRACE_ID, "POST /recharges", SpanKind.SERVER,
                Attributes.empty(), List.of()).getDecision()).isEqualTo(SamplingDecision.DROP);
        assertThat(none.shouldSample(parent(true, true), TRACE_ID, "recharge-results process", SpanKind.CONSUMER,
                Attributes.empty(), List.of()).getDecision()).as("a record claiming sampled=1")
                .isEqualTo(SamplingDecision.DROP);
        assertThat(none.shouldSample(parent(false, true), TRACE_ID, "ledger credit", SpanKind.INTERNAL,
                Attributes.empty(), List.of()).getDecision()).as("our own sampled span's child")
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(sampler.shouldSample(parent(true, false), TRACE_ID, "recharge-results process", SpanKind.CONSUMER,
                Attributes.empty(), List.of()).getDecision()).as("a record claiming sampled=0")
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(none.getDescription()).startsWith("SkipPollsSampler{ParentBased{");
    }

    private SamplingDecision decide(Context parent, SpanKind kind, Attributes attributes) {
        return sampler.shouldSample(parent, TRACE_ID, "span", kind, attributes, List.of()).getDecision();
    }

    private static Context sampledParent() {
        return parent(true, true);
    }

    private static Context parent(boolean remote, boolean sampled) {
        TraceFlags flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
        return Context.root().with(Span.wrap(remote
                ? SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7", flags, TraceState.getDefault())
                : SpanContext.create(TRACE_ID, "00f067aa0ba902b7", flags, TraceState.getDefault())));
    }
}
