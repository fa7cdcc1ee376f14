package io.rechargenotify.account.delivery;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.account.ledger.LedgerSource;
import io.rechargenotify.account.support.IsolatedWork;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes recharge results a poll at a time, with manual acknowledgement: the poll is acked only after every record in
 * it was applied (its ledger transaction committed) or taken by the broker on its next topic (a retry topic for a
 * transient failure, the dead-letter topic for a permanent one). A crash before that redelivers them, and
 * deduplication makes that harmless. Fresh records never wait for retries: those are consumed from their own topics by
 * {@link RetryTopicConsumer}.
 *
 * <p>The records of one partition in a poll are applied together in one ledger transaction: one commit (the WAL flush
 * that is the most expensive part of a credit) instead of one each. When that transaction fails – one unknown account,
 * a lock timeout – nothing of it stays, and the records are applied one at a time exactly as a lone record would be, so
 * a poison or transient record is isolated and retried or dead-lettered by itself.
 *
 * <p>The returned {@code Uni} never fails – a failed {@code Uni} would stop the channel (failure strategy
 * {@code fail}) and every partition with it. A hand-off the broker refuses is tried again, with growing pauses, until
 * it is taken: the poll waits (nothing in it may be committed past it).
 *
 * <p>Known cost: the shared transaction takes each account's row as it credits it, and only then claims the next txNo;
 * a single-record transaction (reconciliation, a retry) does it the other way round. The rare deadlock of the two on
 * the same txNo and account is broken by Postgres, and if the shared transaction is the one aborted its records go
 * one at a time – slower, never wrong.
 */
@ApplicationScoped
public class MainTopicConsumer {

    private final DeliveryAttempt attempt;
    private final IsolatedWork isolated;
    private final Clock clock;
    private final AccountConfig.Delivery config;
    private final MeterRegistry meters;
    private final DistributionSummary together;

    public MainTopicConsumer(DeliveryAttempt attempt, IsolatedWork isolated, Clock clock, AccountConfig config,
            MeterRegistry meters) {
        this.attempt = attempt;
        this.isolated = isolated;
        this.clock = clock;
        this.config = config.delivery();
        this.meters = meters;
        this.together = DistributionSummary.builder("recharge.results.applied.together")
                .description("Records of one partition applied in one ledger transaction").register(meters);
    }

    @Incoming("recharge-results")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> poll) {
        // Deferred: nothing may throw before there is a Uni to retry, or the channel would fail.
        return Uni.createFrom().deferred(() -> {
            Map<Integer, List<ConsumedRecord>> byPartition = new LinkedHashMap<>();
            for (KafkaRecord<String, String> record : poll) {
                byPartition.computeIfAbsent(record.getPartition(), partition -> new ArrayList<>()).add(fresh(record));
            }
            Uni<Void> done = Uni.createFrom().voidItem();
            for (List<ConsumedRecord> records : byPartition.values()) {
                done = done.chain(() -> applyTogether(records));
            }
            return done;
        }).onFailure().invoke(failure -> Log.errorf(failure, "A poll of recharge results could not be read; trying again"))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(poll.ack()));
    }

    private Uni<Void> applyTogether(List<ConsumedRecord> records) {
        if (records.size() == 1) {
            return applyAlone(records);
        }
        return Uni.createFrom().deferred(() -> attempt.runTogether(records, LedgerSource.NOTIFICATION))
                .invoke(alone -> {
                    if (alone.size() < records.size()) {
                        together.record(records.size() - alone.size());
                        meters.counter("recharge.results.transactions", "mode", "together").increment();
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("%d records from %s on could not be applied together (%s); applying each alone",
                            records.size(), records.get(0), failure.getMessage());
                    meters.counter("recharge.results.transactions", "mode", "split").increment();
                    return records;
                })
                .chain(this::applyAlone);
    }

    /** One record after the other, each as its own attempt (its own transaction, retry or dead letter). */
    private Uni<Void> applyAlone(List<ConsumedRecord> records) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (ConsumedRecord record : records) {
            done = done.chain(() -> applyAlone(record));
        }
        return done;
    }

    private Uni<Void> applyAlone(ConsumedRecord record) {
        // Each try on a context of its own: a retry resumes on a Mutiny thread, where the ledger's Hibernate Reactive
        // session cannot be opened.
        return Uni.createFrom().deferred(() -> isolated.run(() -> attempt.run(record, LedgerSource.NOTIFICATION)))
                .onFailure().invoke(failure -> Log.warnf("%s; trying again", failure.getMessage()))
                .onFailure().retry().withBackOff(config.recoveryPause(), config.recoveryPauseMax()).indefinitely()
                .replaceWithVoid();
    }

    /**
     * A record of the main topic has not been tried before, whatever its headers claim: retry headers written there
     * by someone else must not skip the ladder or forge a history.
     */
    private ConsumedRecord fresh(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow();
        return ConsumedRecord.of(kafka, message.getPayload(), clock.instant()).withoutRetryHeaders();
    }
}
