package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.rechargenotify.recharge.channel.PaymentChannel;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Finishes recharges left PENDING: the process died between the channel's answer and recording it, or the channel
 * did not answer. The channel is asked again (it is idempotent by txNo) and the outcome recorded with its outbox row;
 * completion locks the row, so this racing a slow request, or another replica, records it once.
 */
@ApplicationScoped
public class PendingRecovery {

    private final RechargeRepository recharges;
    private final RechargeService service;
    private final PaymentChannel channel;
    private final RechargeConfig.Recovery config;
    private final Clock clock;

    public PendingRecovery(RechargeRepository recharges, RechargeService service, PaymentChannel channel,
            RechargeConfig config, Clock clock) {
        this.recharges = recharges;
        this.service = service;
        this.channel = channel;
        this.config = config.recovery();
        this.clock = clock;
    }

    @Scheduled(every = "${recharge.recovery.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> recoverStalePending() {
        return stalePending().chain(stale -> Multi.createFrom().iterable(stale)
                .onItem().transformToUniAndConcatenate(this::recover)
                .collect().asList())
                .onFailure().invoke(e -> Log.warnf("Recovery of PENDING recharges failed, retried next run: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @WithSession
    Uni<List<Recharge>> stalePending() {
        return recharges.pendingBefore(clock.instant().minus(config.after()), config.batchSize());
    }

    private Uni<Recharge> recover(Recharge pending) {
        NewRecharge request = new NewRecharge(pending.txNo, pending.accountNo, pending.amount, pending.currency);
        return channel.charge(pending.txNo, request)
                .chain(outcome -> service.complete(pending, outcome))
                .invoke(done -> Log.infof("Recovered recharge %s left PENDING: %s", done.txNo, done.status))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Recharge %s stays PENDING, the channel could not be asked: %s", pending.txNo,
                            failure.getMessage());
                    return pending;
                });
    }
}
