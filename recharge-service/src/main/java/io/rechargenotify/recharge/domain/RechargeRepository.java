package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.rechargenotify.recharge.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Recharges in Postgres. */
@ApplicationScoped
public class RechargeRepository implements PanacheRepositoryBase<Recharge, UUID> {

    /** The reactive pool Hibernate Reactive also uses; the two statements of taking a recharge run on it directly. */
    private final Pool pool;

    public RechargeRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts a PENDING recharge unless its txNo exists. The database decides, so two concurrent requests with one
     * txNo cannot both insert (no check-then-insert race). One statement, so one round trip with no transaction
     * around it (the statement is atomic by itself).
     *
     * @return true if this call inserted it
     */
    public Uni<Boolean> insertPendingIfAbsent(UUID txNo, NewRecharge request, Instant now) {
        return pool.preparedQuery("""
                INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                VALUES ($1, $2, $3, $4, 'PENDING', $5)
                ON CONFLICT (tx_no) DO NOTHING""")
                .execute(Tuple.of(txNo, request.accountNo(), request.amount(), request.currency(), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records a recharge's outcome and its outbox row in one statement – so in one transaction, and in one round trip
     * on the hot path. Only a PENDING recharge is completed: a second completer (the recovery job racing a slow
     * request) waits for the first one's row lock, then finds it no longer PENDING and writes nothing.
     *
     * @return true if this call completed it
     */
    public Uni<Boolean> completeWithNotification(Recharge completed, Outbox.Message message) {
        return pool.preparedQuery("""
                WITH completed AS (
                    UPDATE recharge SET status = $2, failure_reason = $3, completed_at = $4
                    WHERE tx_no = $1 AND status = 'PENDING'
                    RETURNING tx_no
                )
                INSERT INTO outbox (tx_no, topic, message_key, payload, created_at)
                SELECT tx_no, $5, $6, $7, $4 FROM completed""")
                .execute(Tuple.tuple().addUUID(completed.txNo).addString(completed.status.name())
                        .addString(completed.failureReason).addOffsetDateTime(utc(completed.completedAt))
                        .addString(message.topic()).addString(message.key()).addString(message.payload()))
                .map(rows -> rows.rowCount() == 1);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The oldest recharges still PENDING that were created before {@code cutoff} (recharge_pending_idx). */
    public Uni<List<Recharge>> pendingBefore(Instant cutoff, int limit) {
        return find("status = ?1 and createdAt < ?2", Sort.by("createdAt"),
                RechargeStatus.PENDING, cutoff).page(Page.ofSize(limit)).list();
    }

    /**
     * One page in completion order. Only the filters given become SQL, so each shape of the query walks one of the
     * completion indexes ({@code recharge_completed_idx}, or {@code recharge_account_completed_idx} for one account).
     */
    @SuppressWarnings("unchecked")
    public Uni<List<Recharge>> completedPage(CompletedRechargeQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM recharge WHERE completed_at IS NOT NULL");
        Map<String, Object> params = new HashMap<>();
        query.completedFrom().ifPresent(from -> {
            sql.append(" AND completed_at >= :from");
            params.put("from", from);
        });
        query.completedTo().ifPresent(to -> {
            sql.append(" AND completed_at < :to");
            params.put("to", to);
        });
        query.status().ifPresent(status -> {
            sql.append(" AND status = :status");
            params.put("status", status.name());
        });
        query.accountNo().ifPresent(accountNo -> {
            sql.append(" AND account_no = :accountNo");
            params.put("accountNo", accountNo);
        });
        query.after().ifPresent(after -> {
            sql.append(" AND (completed_at, tx_no) > (:afterAt, :afterTxNo)");
            params.put("afterAt", after.completedAt());
            params.put("afterTxNo", after.txNo());
        });
        sql.append(" ORDER BY completed_at, tx_no LIMIT :limit");
        params.put("limit", query.limit());
        return getSession().chain(session -> {
            var nativeQuery = session.createNativeQuery(sql.toString(), Recharge.class);
            params.forEach(nativeQuery::setParameter);
            return nativeQuery.getResultList();
        });
    }
}
