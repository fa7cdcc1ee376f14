package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rechargenotify.recharge.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Recharges in Postgres. */
@ApplicationScoped
public class RechargeRepository implements PanacheRepositoryBase<Recharge, UUID> {

    /**
     * The reactive pool Hibernate Reactive also uses: the hot and batch statements (taking a recharge, the recovery
     * claim) run on it directly, with no session around them.
     */
    private final Pool pool;
    private final Outbox outbox;

    public RechargeRepository(Pool pool, Outbox outbox) {
        this.pool = pool;
        this.outbox = outbox;
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
     * Records a recharge's outcome and its outbox row in one statement (the outbox writes its row in the statement of
     * this change). Only a PENDING recharge is completed: a second completer (the recovery job racing a slow request)
     * waits for the first one's row lock, then finds it no longer PENDING and writes nothing.
     *
     * @return true if this call completed it
     */
    public Uni<Boolean> completeWithNotification(Recharge completed, Outbox.Message message) {
        return outbox.writeWith("""
                UPDATE recharge SET status = $2, failure_reason = $3, completed_at = $4
                WHERE tx_no = $1 AND status = 'PENDING'
                RETURNING tx_no""",
                Tuple.tuple().addUUID(completed.txNo).addString(completed.status.name())
                        .addString(completed.failureReason).addOffsetDateTime(utc(completed.completedAt)),
                message, completed.completedAt);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Claims up to {@code limit} PENDING recharges created before {@code cutoff} whose next check is due, longest due
     * first, and pushes each one's next check out by its back-off ({@code first} doubling per check, at most
     * {@code max}) in the same statement. So a recharge that cannot be completed (the channel keeps failing, its data
     * is refused) moves behind the others instead of holding a place in every batch, and another replica running the
     * same claim meanwhile skips it ({@code SKIP LOCKED}, then the pushed time). Uses recharge_pending_check_idx.
     */
    public Uni<List<Recharge>> claimDuePending(Instant cutoff, Instant now, int limit, Duration first, Duration max) {
        return pool.preparedQuery("""
                UPDATE recharge r
                SET checks = r.checks + 1,
                    next_check_at = $2 + make_interval(secs => least($4 * power(2, least(r.checks, 40)), $5))
                FROM (SELECT tx_no FROM recharge
                      WHERE status = 'PENDING' AND next_check_at <= $2 AND created_at < $1
                      ORDER BY next_check_at
                      LIMIT $3
                      FOR UPDATE SKIP LOCKED) due
                WHERE r.tx_no = due.tx_no
                RETURNING r.tx_no, r.account_no, r.amount, r.currency, r.created_at""")
                .execute(Tuple.of(utc(cutoff), utc(now), limit, seconds(first), seconds(max)))
                .map(rows -> {
                    List<Recharge> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(Recharge.pending(row.getUUID("tx_no"), new NewRecharge(row.getUUID("tx_no"),
                                row.getString("account_no"), row.getBigDecimal("amount"), row.getString("currency")),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    claimed.sort(Comparator.comparing(recharge -> recharge.createdAt));
                    return claimed;
                });
    }

    /** PENDING recharges already asked about at least {@code checks} times (recharge_pending_check_idx). */
    public Uni<Long> countPendingCheckedAtLeast(int checks) {
        return pool.preparedQuery("SELECT count(*) FROM recharge WHERE status = 'PENDING' AND checks >= $1")
                .execute(Tuple.of(checks))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * One page in completion order. Only the filters given become SQL, so each shape of the query walks one of the
     * completion indexes ({@code recharge_completed_idx}, or {@code recharge_account_completed_idx} for one account).
     */
    @SuppressWarnings("unchecked")
    public Uni<List<Recharge>> completedPage(CompletedRechargeQuery query) {
        // The entity's columns only: the recovery's bookkeeping columns are not part of a recharge.
        StringBuilder sql = new StringBuilder("""
                SELECT tx_no, account_no, amount, currency, status, failure_reason, created_at, completed_at
                FROM recharge WHERE completed_at IS NOT NULL""");
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
