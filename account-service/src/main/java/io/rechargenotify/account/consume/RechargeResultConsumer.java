package io.rechargenotify.account.consume;

import io.rechargenotify.account.ledger.Ledger;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.retry.FailedDelivery;
import io.rechargenotify.account.retry.HandOff;
import io.rechargenotify.shared.event.EventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes recharge results with manual acknowledgement: a record is acked only after the ledger transaction that
 * applied it committed, or after the broker took it on the next topic (a retry topic for a transient failure, the
 * dead-letter topic for a permanent one). A crash before either redelivers it, and deduplication makes that harmless.
 * Fresh records never wait for retries: those are consumed from their own topics by
 * {@link io.rechargenotify.account.retry.RetryTopicConsumer}.
 */
@ApplicationScoped
public class RechargeResultConsumer {

    private final Ledger ledger;
    private final HandOff handOff;

    public RechargeResultConsumer(Ledger ledger, HandOff handOff) {
        this.ledger = ledger;
        this.handOff = handOff;
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().item(() -> EventCodec.decode(message.getPayload()))
                .chain(event -> ledger.apply(event, LedgerSource.NOTIFICATION))
                .onItemOrFailure().transformToUni((applied, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : handOff(message, failure));
    }

    /** Acked once the next topic has it; if even that fails, nacked, so the channel stops and nothing is lost. */
    private Uni<Void> handOff(Message<String> message, Throwable failure) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow();
        FailedDelivery delivery = FailedDelivery.of(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                kafka.getKey() == null ? null : kafka.getKey().toString(), message.getPayload(), kafka.getHeaders());
        return Uni.createFrom().completionStage(() -> handOff.forward(delivery, failure))
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(handOffFailure -> Uni.createFrom().completionStage(
                        message.nack(handOffFailure)));
    }
}
