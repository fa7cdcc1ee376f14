package io.rechargenotify.account.delivery;

import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes recharge results with manual acknowledgement: a record is acked only after the ledger transaction that
 * applied it committed, or after the broker took it on the next topic (a retry topic for a transient failure, the
 * dead-letter topic for a permanent one). A crash before either redelivers it, and deduplication makes that harmless.
 * Fresh records never wait for retries: those are consumed from their own topics by {@link RetryTopicConsumer}.
 *
 * <p>The returned {@code Uni} never fails – a failed {@code Uni} would stop the channel (failure strategy
 * {@code fail}) and every partition with it. A hand-off the broker refuses is tried again, with growing pauses, until
 * it is taken: the record's partition waits (nothing after it may be committed past it), the others go on.
 */
@ApplicationScoped
public class MainTopicConsumer {

    private final DeliveryAttempt attempt;
    private final IsolatedWork isolated;
    private final Clock clock;
    private final AccountConfig.Delivery config;

    public MainTopicConsumer(DeliveryAttempt attempt, IsolatedWork isolated, Clock clock, AccountConfig config) {
        this.attempt = attempt;
        this.isolated = isolated;
        this.clock = clock;
        this.config = config.delivery();
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        // Each try on a context of its own: a retry resumes on a Mutiny thread, where the ledger's Hibernate Reactive
        // session cannot be opened.
        return Uni.createFrom().deferred(() -> isolated.run(() -> attempt.run(fresh(message),
                        LedgerSource.NOTIFICATION)))
                .onFailure().invoke(failure -> Log.warnf("%s; trying again", failure.getMessage()))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    /**
     * A record of the main topic has not been tried before, whatever its headers claim: retry headers written there
     * by someone else must not skip the ladder or forge a history.
     */
    private ConsumedRecord fresh(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow();
        ConsumedRecord read = ConsumedRecord.of(kafka, message.getPayload(), clock.instant());
        return new ConsumedRecord(read.topic(), read.partition(), read.offset(), read.timestamp(), read.key(),
                read.value(), read.signature(), RetryHeaders.NONE);
    }
}
