package io.rechargenotify.recharge.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The transactional outbox: rows written in the caller's transaction, claimed and marked by the relay. */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxRecord, Long> {

    /** Adds the event to the outbox; must run inside the transaction that records the result. */
    public Uni<OutboxRecord> schedule(RechargeResultEvent event, Instant now) {
        OutboxRecord record = new OutboxRecord();
        record.txNo = event.txNo();
        record.topic = Topics.RECHARGE_RESULTS;
        record.messageKey = event.key();
        record.payload = EventCodec.encode(event);
        record.createdAt = now;
        return persist(record);
    }

    /**
     * Locks the oldest unpublished rows for this transaction. {@code SKIP LOCKED} lets several relays share the
     * table: each claims rows no other transaction holds, and a crashed relay's rows return when its lock is released.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<OutboxRecord>> claimBatch(int size) {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT * FROM outbox WHERE published_at IS NULL
                ORDER BY id LIMIT :size FOR UPDATE SKIP LOCKED""", OutboxRecord.class)
                .setParameter("size", size)
                .getResultList());
    }

    public Uni<Integer> markPublished(List<Long> ids, Instant now) {
        return update("publishedAt = ?1 where id in ?2", now, ids);
    }
}
