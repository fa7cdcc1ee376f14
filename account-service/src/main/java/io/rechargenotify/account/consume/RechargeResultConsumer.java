package io.rechargenotify.account.consume;

import io.quarkus.logging.Log;
import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.shared.event.EventCodec;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes recharge results with manual acknowledgement: a record is acked only after the ledger transaction that
 * applied it committed, so a crash before the commit redelivers it (and deduplication makes that harmless). A record
 * that cannot be applied is nacked, and the channel's failure strategy hands it to the dead-letter topic.
 */
@ApplicationScoped
public class RechargeResultConsumer {

    private final Ledger ledger;

    public RechargeResultConsumer(Ledger ledger) {
        this.ledger = ledger;
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().item(() -> EventCodec.decode(message.getPayload()))
                .chain(event -> ledger.apply(event, LedgerSource.NOTIFICATION).invoke(applied ->
                        Log.debugf("Applied %s: %s", event.txNo(), applied)))
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    Log.warnf("Recharge result not applied, handing it to the dead-letter topic: %s",
                            failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
