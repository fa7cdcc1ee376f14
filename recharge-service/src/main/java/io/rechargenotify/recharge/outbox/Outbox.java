package io.rechargenotify.recharge.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.shared.time.SqlTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The transactional outbox and the only place that reads or writes the {@code outbox} table: rows written in the
 * statement of the change they notify, claimed, marked and parked by the relay.
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxRecord, Long> {

    /** The advisory-lock namespace of relay shards ("RELY"), so no other lock user collides with them. */
    private static final int SHARD_LOCK_SPACE = 0x52454C59;

    /** The reactive pool Hibernate Reactive also uses; writing a change with its row is one statement on it. */
    private final Pool pool;

    public Outbox(Pool pool) {
        this.pool = pool;
    }

    /**
     * The outbox row that notifies this result: written in the statement that records the result.
     *
     * @param traceparent the trace the publish continues (W3C), or null
     */
    public static Message messageFor(RechargeResultEvent event, String traceparent) {
        return new Message(event.txNo(), Topics.RECHARGE_RESULTS, event.key(), EventCodec.encode(event),
                event.occurredAt(), traceparent);
    }

    /** One outbox row: the recharge it notifies, topic, key, payload, when the result was recorded, and its trace. */
    public record Message(UUID txNo, String topic, String key, String payload, Instant createdAt,
            String traceparent) {
    }

    /**
     * Runs the caller's change and writes the outbox row of each row it changed, in one statement: so in one
     * transaction, and in one round trip on the hot path, for a whole batch of changes. {@code change} is a
     * data-modifying statement of the caller (using {@code $1..$n} of {@code changeParams}) that returns the
     * {@code tx_no} of each row it changed; {@code messages} holds the row to write for each txNo it may return. The
     * caller keeps its own table's SQL, this keeps the outbox's. Rows are written in the order of {@code messages}.
     *
     * @return the txNos the change returned, each now with its outbox row
     */
    public Uni<Set<UUID>> writeWith(String change, Tuple changeParams, List<Message> messages) {
        int next = changeParams.size();
        Tuple params = Tuple.tuple();
        for (int i = 0; i < next; i++) {
            params.addValue(changeParams.getValue(i));
        }
        params.addArrayOfUUID(messages.stream().map(Message::txNo).toArray(UUID[]::new))
                .addArrayOfString(messages.stream().map(Message::topic).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(Message::key).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(Message::payload).toArray(String[]::new))
                .addArrayOfOffsetDateTime(messages.stream().map(message -> message.createdAt().atOffset(ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new))
                .addArrayOfString(messages.stream().map(Message::traceparent).toArray(String[]::new));
        return pool.preparedQuery("""
                WITH changed AS (%s),
                message AS (
                    SELECT * FROM unnest($%d::uuid[], $%d::text[], $%d::text[], $%d::text[], $%d::timestamptz[],
                                         $%d::text[])
                        WITH ORDINALITY AS m(tx_no, topic, message_key, payload, created_at, traceparent, position)
                )
                INSERT INTO outbox (tx_no, topic, message_key, payload, created_at, traceparent)
                SELECT m.tx_no, m.topic, m.message_key, m.payload, m.created_at, m.traceparent
                FROM message m JOIN changed USING (tx_no)
                ORDER BY m.position
                RETURNING tx_no""".formatted(change, next + 1, next + 2, next + 3, next + 4, next + 5, next + 6))
                .execute(params)
                .map(rows -> {
                    Set<UUID> written = new HashSet<>();
                    rows.forEach(row -> written.add(row.getUUID(0)));
                    return written;
                });
    }

    /**
     * Claims the oldest rows still to publish for this transaction.
     *
     * <p>Keys are spread over {@code shards} shards; the transaction first takes the advisory lock of every shard no
     * other relay holds, then locks rows of those shards only. So one key is only ever in flight from one relay (its
     * results leave in outbox order), a relay starting meanwhile takes the shards still free, and {@code SKIP LOCKED}
     * keeps any other transaction's rows out of the claim. A crashed relay's locks die with its connection.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<OutboxRecord>> claimBatch(int size, int shards) {
        return getSession().chain(session -> session.createNativeQuery("""
                WITH mine AS (
                    SELECT s FROM generate_series(0, :shards - 1) s
                    WHERE pg_try_advisory_xact_lock(:lockSpace, s)
                )
                SELECT o.* FROM outbox o
                WHERE o.published_at IS NULL AND o.parked_at IS NULL
                  AND mod(hashtext(o.message_key)::bigint + 2147483648, :shards) IN (SELECT s FROM mine)
                ORDER BY o.id
                LIMIT :size
                FOR UPDATE OF o SKIP LOCKED""", OutboxRecord.class)
                .setParameter("shards", shards)
                .setParameter("lockSpace", SHARD_LOCK_SPACE)
                .setParameter("size", size)
                .getResultList());
    }

    public Uni<Integer> markPublished(List<Long> ids, Instant now) {
        return updateRows("published_at = :now, attempts = attempts + 1, last_error = NULL", ids, now, null);
    }

    public Uni<Integer> recordFailure(List<Long> ids, String error) {
        return updateRows("attempts = attempts + 1, last_error = :error", ids, null, truncate(error));
    }

    public Uni<Integer> park(List<Long> ids, String error, Instant now) {
        return updateRows("parked_at = :now, attempts = attempts + 1, last_error = :error", ids, now, truncate(error));
    }

    /**
     * Updates the rows {@code ids} in one statement, the ids bound as one array: the same SQL text whatever their
     * number, so nothing is rendered or planned per batch size (an HQL {@code in} list is, on every pass).
     */
    private Uni<Integer> updateRows(String assignments, List<Long> ids, Instant now, String error) {
        return getSession().chain(session -> {
            Mutiny.Query<Object> update = session.createNativeQuery(
                            "UPDATE outbox SET " + assignments + " WHERE id = ANY(:ids)")
                    .setParameter("ids", ids.toArray(Long[]::new));
            if (now != null) {
                update.setParameter("now", now);
            }
            if (error != null) {
                update.setParameter("error", error);
            }
            return update.executeUpdate();
        });
    }

    /** Deletes at most {@code chunk} rows published before {@code cutoff}; returns how many. */
    public Uni<Integer> deletePublishedBefore(Instant cutoff, int chunk) {
        return getSession().chain(session -> session.createNativeQuery("""
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox WHERE published_at < :cutoff ORDER BY published_at LIMIT :chunk)""")
                .setParameter("cutoff", cutoff)
                .setParameter("chunk", chunk)
                .executeUpdate());
    }

    /** Rows still to publish, the creation time of the oldest of them, and parked rows. */
    public Uni<OutboxStats> stats() {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL),
                       (SELECT min(created_at) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL),
                       (SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL)""", Object[].class)
                .getSingleResult())
                .map(row -> new OutboxStats(((Number) row[0]).longValue(), SqlTimes.toInstant(row[1]),
                        ((Number) row[2]).longValue()));
    }


    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}
