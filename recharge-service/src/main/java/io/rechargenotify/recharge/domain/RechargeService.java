package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.opentelemetry.api.trace.Span;
import io.rechargenotify.recharge.outbox.Outbox;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.rechargenotify.shared.tracing.MessageTracing;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Takes recharges: records each PENDING, asks the payment channel outside any transaction, then records the outcome
 * together with its outbox row in one statement, so no result exists without its notification.
 */
@ApplicationScoped
public class RechargeService {

    private final RechargeRepository recharges;
    private final PaymentChannel channel;
    private final Clock clock;

    public RechargeService(RechargeRepository recharges, PaymentChannel channel, Clock clock) {
        this.recharges = recharges;
        this.channel = channel;
        this.clock = clock;
    }

    public Uni<Submission> submit(NewRecharge request) {
        UUID txNo = request.txNo() != null ? request.txNo() : UUID.randomUUID();
        Recharge pending = Recharge.pending(txNo, request, clock.instant());
        // On the request's own context: the log lines of this request name the recharge, and its result is published
        // in the request's trace (taken now, before the channel's answer arrives on whichever thread).
        RechargeLogContext.put(txNo, request.accountNo(), null);
        Span.current().setAttribute(MessageTracing.TX_NO, txNo.toString());
        String traceparent = MessageTracing.currentTraceparent();
        return recharges.insertPendingIfAbsent(txNo, request, pending.createdAt).chain(inserted -> inserted
                ? channel.charge(txNo, request).chain(outcome -> complete(pending, outcome, traceparent))
                        .onFailure().recoverWithUni(failure -> stillPending(txNo, failure))
                        .map(recharge -> new Submission(recharge, true))
                : repeated(txNo, request));
    }

    @WithSession
    public Uni<Recharge> find(UUID txNo) {
        return recharges.findById(txNo).onItem().ifNull().failWith(() -> new RechargeNotFoundException(txNo));
    }

    @WithSession
    public Uni<List<Recharge>> completed(CompletedRechargeQuery query) {
        return recharges.completedPage(query);
    }

    @WithSession
    public Uni<List<Recharge>> pending(PendingRechargeQuery query) {
        return recharges.pendingPage(query);
    }

    /** Records the channel's outcome (see below), its publication continuing the current trace if there is one. */
    public Uni<Recharge> complete(Recharge pending, PaymentOutcome outcome) {
        return complete(pending, outcome, MessageTracing.currentTraceparent());
    }

    /**
     * Records the channel's outcome with its outbox row, once: if another completer (the recovery job racing a slow
     * request) was first, its record stands and is returned.
     *
     * @param traceparent the trace the result's publication continues (W3C), or null
     */
    public Uni<Recharge> complete(Recharge pending, PaymentOutcome outcome, String traceparent) {
        Recharge completed = pending.pendingCopy();
        RechargeResultEvent event = completed.complete(outcome, clock.instant());
        return recharges.completeWithNotification(completed, Outbox.messageFor(event, traceparent)).chain(done -> {
            if (!done) {
                return find(pending.txNo);
            }
            Log.infof("Recharge %s of account %s %s, its result queued for publication", completed.txNo,
                    completed.accountNo, completed.status);
            return Uni.createFrom().item(completed);
        });
    }

    /**
     * The channel did not answer (or its answer could not be recorded): the outcome is unknown, so the recharge
     * stays PENDING rather than being called failed, and the client gets it as such. {@link PendingRecovery} asks
     * the channel again later.
     */
    private Uni<Recharge> stillPending(UUID txNo, Throwable failure) {
        Log.warnf("Recharge %s stays PENDING, its outcome is unknown: %s", txNo, failure.getMessage());
        return find(txNo);
    }

    private Uni<Submission> repeated(UUID txNo, NewRecharge request) {
        return find(txNo).map(existing -> {
            if (!existing.sameRequestAs(request)) {
                throw new IdempotencyConflictException(txNo);
            }
            return new Submission(existing, false);
        });
    }
}
