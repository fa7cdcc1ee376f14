package io.rechargenotify.recharge.domain;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.rechargenotify.recharge.config.RechargeConfig;
import io.rechargenotify.recharge.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private final GroupCommit<PendingRow, Boolean> pendingRows;
    private final GroupCommit<Completion, Boolean> completions;

    public RechargeRepository(Pool pool, Outbox outbox, RechargeConfig config, MeterRegistry meters) {
        this.pool = pool;
        this.outbox = outbox;
        RechargeConfig.GroupCommit batching = config.groupCommit();
        this.pendingRows = new GroupCommit<>("pending", this::insertPendingIfAbsent,
                RechargeRepository::causedByOneRow, batching.maxBatch(), batching.inFlight(), meters);
        this.completions = new GroupCommit<>("completion", this::completeWithNotifications,
                RechargeRepository::causedByOneRow, batching.maxBatch(), batching.inFlight(), meters);
    }

    /**
     * A failure that one row of a multi-row statement may have caused, so the rows are worth trying alone: bad data
     * (SQLSTATE class 22), a constraint (23), a trigger's exception (P0001), or a deadlock or serialization failure
     * with another statement (40), which a smaller statement escapes.
     */
    private static boolean causedByOneRow(Throwable failure) {
        if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String state = pg.getSqlState();
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("40") || state.equals("P0001");
    }

    /**
     * Inserts a PENDING recharge unless its txNo exists, committed with other requests' ({@link GroupCommit}). The
     * database decides, so two concurrent requests with one txNo cannot both insert (no check-then-insert race), not
     * even within one batch.
     *
     * @return true if this call inserted it
     */
    public Uni<Boolean> insertPendingIfAbsent(UUID txNo, NewRecharge request, Instant now) {
        return pendingRows.write(new PendingRow(txNo, request, now));
    }

    private record PendingRow(UUID txNo, NewRecharge request, Instant createdAt) {
    }

    /** One statement for the batch (atomic by itself, so no transaction around it); true for each row it inserted. */
    private Uni<List<Boolean>> insertPendingIfAbsent(List<PendingRow> rows) {
        return pool.preparedQuery("""
                INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                SELECT tx_no, account_no, amount::numeric, currency, 'PENDING', created_at
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY
                    AS r(tx_no, account_no, amount, currency, created_at, position)
                -- One lock order for every batch, so two batches with common txNos cannot deadlock.
                ORDER BY tx_no, position
                ON CONFLICT (tx_no) DO NOTHING
                RETURNING tx_no""")
                .execute(Tuple.of(rows.stream().map(PendingRow::txNo).toArray(UUID[]::new),
                        rows.stream().map(row -> row.request().accountNo()).toArray(String[]::new),
                        rows.stream().map(row -> row.request().amount().toPlainString()).toArray(String[]::new),
                        rows.stream().map(row -> row.request().currency()).toArray(String[]::new),
                        rows.stream().map(row -> utc(row.createdAt())).toArray(OffsetDateTime[]::new)))
                .map(inserted -> {
                    Set<UUID> txNos = new HashSet<>();
                    inserted.forEach(row -> txNos.add(row.getUUID(0)));
                    // A txNo twice in one batch was inserted once: by the first of them.
                    return rows.stream().map(row -> txNos.remove(row.txNo())).toList();
                });
    }

    /**
     * Records a recharge's outcome and its outbox row, committed with other requests' ({@link GroupCommit}), in one
     * statement (the outbox writes its rows in the statement of this change). Only a PENDING recharge is completed:
     * a second completer (the recovery job racing a slow request) waits for the first one's row lock, then finds it
     * no longer PENDING and writes nothing.
     *
     * @return true if this call completed it
     */
    public Uni<Boolean> completeWithNotification(Recharge completed, Outbox.Message message) {
        return completions.write(new Completion(completed, message));
    }

    private record Completion(Recharge recharge, Outbox.Message message) {
    }

    private Uni<List<Boolean>> completeWithNotifications(List<Completion> batch) {
        // A txNo twice in one batch (a request and the recovery job racing): the first one's outcome is written.
        Map<UUID, Completion> firsts = new LinkedHashMap<>();
        batch.forEach(completion -> firsts.putIfAbsent(completion.recharge().txNo, completion));
        List<Recharge> completed = firsts.values().stream().map(Completion::recharge).toList();
        return outbox.writeWith("""
                UPDATE recharge r
                SET status = c.status, failure_reason = c.failure_reason, completed_at = c.completed_at
                FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
                    AS c(tx_no, status, failure_reason, completed_at)
                WHERE r.tx_no = c.tx_no AND r.status = 'PENDING'
                RETURNING r.tx_no""",
                Tuple.of(completed.stream().map(recharge -> recharge.txNo).toArray(UUID[]::new),
                        completed.stream().map(recharge -> recharge.status.name()).toArray(String[]::new),
                        completed.stream().map(recharge -> recharge.failureReason).toArray(String[]::new),
                        completed.stream().map(recharge -> utc(recharge.completedAt)).toArray(OffsetDateTime[]::new)),
                firsts.values().stream().map(Completion::message).toList())
                .map(written -> batch.stream().map(completion -> firsts.get(completion.recharge().txNo) == completion
                        && written.contains(completion.recharge().txNo)).toList());
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

    /** What an operator watches of the PENDING recharges: how many are stuck, and since when the oldest waits. */
    public record PendingStats(long stuck, Instant oldestCreatedAt) {
    }

    /**
     * Counts the PENDING recharges already asked about at least {@code stuckAfterChecks} times and finds the oldest
     * one's creation time (null if none is PENDING), in one pass over the PENDING rows (recharge_pending_check_idx).
     */
    public Uni<PendingStats> pendingStats(int stuckAfterChecks) {
        return pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE checks >= $1), min(created_at)
                FROM recharge WHERE status = 'PENDING'""")
                .execute(Tuple.of(stuckAfterChecks))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime oldest = row.getOffsetDateTime(1);
                    return new PendingStats(row.getLong(0), oldest == null ? null : oldest.toInstant());
                });
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * One page in completion order. Only the filters given become SQL, so each shape of the query walks one of the
     * completion indexes ({@code recharge_completed_idx}, or {@code recharge_account_completed_idx} for one account).
     */
    public Uni<List<Recharge>> completedPage(CompletedRechargeQuery query) {
        Page page = new Page("completed_at IS NOT NULL");
        query.completedFrom().ifPresent(from -> page.where("completed_at >= :from", "from", from));
        query.completedTo().ifPresent(to -> page.where("completed_at < :to", "to", to));
        query.status().ifPresent(status -> page.where("status = :status", "status", status.name()));
        return page.list("completed_at", query.accountNo(), query.after(), query.limit());
    }

    /**
     * PENDING recharges in creation order, for an operator looking for stuck ones. Few rows are PENDING at any time,
     * and the partial index on them ({@code recharge_pending_check_idx}) finds them without touching the rest.
     */
    public Uni<List<Recharge>> pendingPage(PendingRechargeQuery query) {
        Page page = new Page("status = 'PENDING'");
        query.createdBefore().ifPresent(before -> page.where("created_at < :before", "before", before));
        return page.list("created_at", query.accountNo(), query.after(), query.limit());
    }

    /** A keyset page of recharges: the filters given, then one account, after a position, in (time, txNo) order. */
    private final class Page {

        // The entity's columns only: the recovery's bookkeeping columns are not part of a recharge.
        private final StringBuilder sql = new StringBuilder("""
                SELECT tx_no, account_no, amount, currency, status, failure_reason, created_at, completed_at
                FROM recharge WHERE""");
        private final Map<String, Object> params = new HashMap<>();

        Page(String condition) {
            sql.append(' ').append(condition);
        }

        void where(String condition, String name, Object value) {
            sql.append(" AND ").append(condition);
            params.put(name, value);
        }

        @SuppressWarnings("unchecked")
        Uni<List<Recharge>> list(String timeColumn, Optional<String> accountNo, Optional<RechargeCursor> after,
                int limit) {
            accountNo.ifPresent(account -> where("account_no = :accountNo", "accountNo", account));
            after.ifPresent(position -> {
                where("(" + timeColumn + ", tx_no) > (:afterAt, :afterTxNo)", "afterAt", position.at());
                params.put("afterTxNo", position.txNo());
            });
            sql.append(" ORDER BY ").append(timeColumn).append(", tx_no LIMIT :limit");
            params.put("limit", limit);
            return getSession().chain(session -> {
                var nativeQuery = session.createNativeQuery(sql.toString(), Recharge.class);
                params.forEach(nativeQuery::setParameter);
                return nativeQuery.getResultList();
            });
        }
    }
}
