package io.rechargenotify.callback.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.delivery.DeliveryRepository;
import io.rechargenotify.callback.dispatch.Dispatcher;
import io.rechargenotify.callback.support.OwnContext;
import io.rechargenotify.callback.trust.EventVerifier;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignatureException;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns recharge results into deliveries, in a consumer group of its own: one PENDING delivery per matching endpoint,
 * written in one statement, then the record is acknowledged. A crash before the ack redelivers the record, and the
 * unique (endpoint, event) makes that harmless.
 *
 * <p>A record that does not prove it comes from recharge-service, or cannot be read, never becomes a callback: it is
 * counted, logged and acknowledged, and the consumer goes on (account-service dead-letters those; here there is
 * nothing to retry). The returned {@code Uni} never fails – that would stop the channel: storing is tried again, with
 * growing pauses, until Postgres takes it.
 *
 * <p>Each record is worked on in a consumer span, a child of the span that published it when its {@code traceparent}
 * header names one (a missing or unreadable header – headers are untrusted – starts a new trace), and every delivery
 * keeps that span's traceparent for its attempts. The span is current on the record's own Vert.x context, so the
 * statements storing its deliveries nest under it, and that context's MDC names the recharge on the record's log lines.
 */
@ApplicationScoped
public class ResultConsumer {

    /** What became of the record: stored, unverified or unreadable (as the callback.results.consumed counter). */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("callback.intake.outcome");
    static final AttributeKey<Long> PLANNED = AttributeKey.longKey("callback.deliveries.planned");

    private final EventVerifier verifier;
    private final DeliveryRepository deliveries;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final CallbackConfig.Intake config;
    private final MessageTracing tracing;
    private final OwnContext contexts;

    public ResultConsumer(EventVerifier verifier, DeliveryRepository deliveries, Dispatcher dispatcher, Clock clock,
            MeterRegistry meters, CallbackConfig config, MessageTracing tracing, OwnContext contexts) {
        this.verifier = verifier;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.meters = meters;
        this.config = config.intake();
        this.tracing = tracing;
        this.contexts = contexts;
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        Executor onRecord = OwnContext.on(contexts.currentOrNew());
        return Uni.createFrom().deferred(() -> traced(message, onRecord)).runSubscriptionOn(onRecord);
    }

    /** On the record's context: its span current there until the record is done. */
    private Uni<Void> traced(Message<String> message, Executor onRecord) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        Span span = kafka == null ? Span.getInvalid() : tracing.startProcess(kafka.getTopic(), kafka.getPartition(),
                kafka.getOffset(), MessageTracing.parentOf(kafka.getHeaders()));
        Scope current = span.makeCurrent();
        RechargeLogContext.clear(); // no labels until the record proves what it is (below)
        return Uni.createFrom().deferred(() -> intake(message, span, onRecord))
                .onTermination().invoke((done, failure, cancelled) -> {
                    MessageTracing.end(span, failure);
                    current.close(); // from any thread: the scope belongs to the record's context
                });
    }

    private Uni<Void> intake(Message<String> message, Span span, Executor onRecord) {
        String where = where(message);
        RechargeResultEvent event;
        try {
            verifier.verify(message.getPayload(), signature(message));
            event = EventCodec.decode(message.getPayload());
        } catch (EventSignatureException e) {
            return skip(message, "unverified", where, e, span);
        } catch (RuntimeException e) {
            return skip(message, "unreadable", where, e, span);
        }
        RechargeLogContext.put(event.txNo(), event.accountNo(), event.eventId());
        MessageTracing.describe(span, event.txNo(), event.accountNo(), event.eventId());
        String traceparent = MessageTracing.currentTraceparent();
        return Uni.createFrom().deferred(() -> deliveries.plan(event, message.getPayload(), traceparent,
                        clock.instant()))
                .runSubscriptionOn(onRecord) // a retry subscribes again from a timer thread
                .ifNoItem().after(config.storeTimeout())
                .failWith(() -> new TimeoutException("Postgres did not answer within " + config.storeTimeout()))
                .emitOn(onRecord) // so is a timeout reported: back to the record's context (its MDC)
                .onFailure().invoke(failure -> Log.warnf("Deliveries of event %s (%s) not stored (%s); trying again",
                        event.eventId(), where, failure.getMessage()))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .invoke(planned -> {
                    meters.counter("callback.results.consumed", "outcome", "stored").increment();
                    span.setAttribute(OUTCOME, "stored");
                    span.setAttribute(PLANNED, (long) planned);
                    Log.debugf("Event %s (txNo %s) planned for %d endpoint(s)", event.eventId(), event.txNo(), planned);
                    if (planned > 0) {
                        dispatcher.wake(); // the first attempt now rather than at the next poll
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> skip(Message<String> message, String outcome, String where, RuntimeException reason,
            Span span) {
        meters.counter("callback.results.consumed", "outcome", outcome).increment();
        span.setAttribute(OUTCOME, outcome);
        Log.warnf("Recharge result %s is %s and is not delivered to any receiver: %s", where, outcome,
                reason.getMessage());
        return Uni.createFrom().completionStage(message.ack());
    }

    private static String signature(Message<String> message) {
        Header header = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(EventHeaders.SIGNATURE)).orElse(null);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String where(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getTopic() + "-" + kafka.getPartition() + "@" + kafka.getOffset())
                .orElse("?");
    }
}
