package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.rechargenotify.recharge.channel.PaymentChannel;
import io.rechargenotify.recharge.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Takes recharges: records each PENDING, asks the payment channel outside any transaction, then records the outcome
 * together with its outbox row in one transaction, so no result exists without its notification.
 */
@ApplicationScoped
public class RechargeService {

    private final RechargeRepository recharges;
    private final Outbox outbox;
    private final PaymentChannel channel;
    private final Clock clock;

    public RechargeService(RechargeRepository recharges, Outbox outbox, PaymentChannel channel, Clock clock) {
        this.recharges = recharges;
        this.outbox = outbox;
        this.channel = channel;
        this.clock = clock;
    }

    public Uni<Submission> submit(NewRecharge request) {
        UUID txNo = request.txNo() != null ? request.txNo() : UUID.randomUUID();
        return recordPending(txNo, request).chain(inserted -> inserted
                ? channel.charge(txNo, request).chain(outcome -> complete(txNo, outcome))
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

    @WithTransaction
    Uni<Boolean> recordPending(UUID txNo, NewRecharge request) {
        return recharges.insertPendingIfAbsent(txNo, request, clock.instant());
    }

    /**
     * Records the channel's outcome with its outbox row. The row lock makes completion happen once: a second completer
     * (the recovery job racing a slow request) finds the recharge no longer PENDING and writes nothing.
     */
    @WithTransaction
    public Uni<Recharge> complete(UUID txNo, PaymentOutcome outcome) {
        Instant now = clock.instant();
        return recharges.findById(txNo, LockModeType.PESSIMISTIC_WRITE).chain(recharge -> {
            if (recharge.status != RechargeStatus.PENDING) {
                return Uni.createFrom().item(recharge);
            }
            var event = recharge.complete(outcome, now);
            Log.debugf("Recharge %s of account %s %s", txNo, recharge.accountNo, recharge.status);
            return outbox.schedule(event, now).replaceWith(recharge);
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
