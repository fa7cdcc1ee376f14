package io.rechargenotify.recharge.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.rechargenotify.shared.logging.RechargeLogContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * What an operator does with outbox rows: look at them – one, a recharge's, those the relay parked (the broker refused
 * them for good) – and return a parked one to the relay once its cause is fixed. The row is published like any other
 * then – after later results of its key, which were not held back by it (credits are applied by txNo, so a late result
 * is still applied once).
 */
@ApplicationScoped
public class ParkedRows {

    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Counter unparked;

    public ParkedRows(Outbox outbox, OutboxRelay relay, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.relay = relay;
        this.clock = clock;
        this.unparked = Counter.builder("outbox.unparked").description("Parked outbox rows returned to the relay")
                .register(meters);
    }

    /** Parked rows in id order, after the row {@code afterId}. */
    @WithSession
    public Uni<List<OutboxRecord>> page(long afterId, int limit) {
        return outbox.find("parkedAt is not null and id > ?1 order by id", afterId).range(0, limit - 1).list();
    }

    /** A recharge's rows, newest first, older than the row {@code beforeId} (on outbox_tx_no_idx). */
    @WithSession
    public Uni<List<OutboxRecord>> ofRecharge(UUID txNo, long beforeId, int limit) {
        return outbox.find("txNo = ?1 and id < ?2 order by id desc", txNo, beforeId).range(0, limit - 1).list();
    }

    @WithSession
    public Uni<OutboxRecord> find(long id) {
        return outbox.findById(id).onItem().ifNull().failWith(() -> new OutboxRowNotFoundException(id));
    }

    /** Returns a parked row to the relay, recording who did it; fails when there is no such row or it is not parked. */
    public Uni<OutboxRecord> unpark(long id, String operator) {
        return Panache.withTransaction(() -> unparkRow(id, operator)).invoke(row -> {
            unparked.increment();
            RechargeLogContext.put(row.txNo, null, null);
            Log.infof("Outbox row %d (txNo %s) unparked by %s; it last failed with: %s", row.id, row.txNo, operator,
                    row.lastError);
            relay.wake();
        });
    }

    private Uni<OutboxRecord> unparkRow(long id, String operator) {
        return outbox.findById(id, LockModeType.PESSIMISTIC_WRITE).map(row -> {
            if (row == null) {
                throw new OutboxRowNotFoundException(id);
            }
            if (row.parkedAt == null) {
                throw new OutboxRowNotParkedException(row);
            }
            row.parkedAt = null;
            row.unparkedAt = clock.instant();
            row.unparkedBy = operator;
            return row;
        });
    }
}
