package io.rechargenotify.account.reconcile;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rechargenotify.shared.time.SqlTimes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reconciliation runs, and the named leases that keep two replicas from running the same reconciliation at once.
 * Leases use the database's clock, so replicas with skewed clocks agree on when one ran out.
 */
@ApplicationScoped
public class ReconciliationRunRepository implements PanacheRepositoryBase<ReconciliationRun, Long> {

    @WithTransaction
    public Uni<ReconciliationRun> start(ReconciliationRun run) {
        return persist(run);
    }

    @WithTransaction
    public Uni<ReconciliationRun> finish(long id, ReconciliationRun.Status status, String report, String error,
            Instant now) {
        return findById(id).invoke(run -> {
            run.status = status;
            run.report = report;
            run.error = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
            run.finishedAt = now;
        });
    }

    @WithSession
    public Uni<ReconciliationRun> get(long id) {
        return findById(id);
    }

    /** Runs newest first, below the id {@code beforeId}, of one status if given (keyset paging on the id). */
    @WithSession
    @SuppressWarnings("unchecked")
    public Uni<List<RunSummary>> page(Optional<ReconciliationRun.Status> status, long beforeId, int limit) {
        return getSession().chain(session -> {
            Mutiny.SelectionQuery<Object[]> query = session.createNativeQuery("""
                    SELECT id, trigger, started_by, status, window_from, window_to, runner, started_at, finished_at,
                           error, (report::jsonb #>> '{window,repairedCount}')::int,
                           (report::jsonb #>> '{window,discrepancyCount}')::int
                    FROM reconciliation_run
                    WHERE id < :before %s
                    ORDER BY id DESC LIMIT :limit""".formatted(status.isPresent() ? "AND status = :status" : ""),
                    Object[].class)
                    .setParameter("before", beforeId)
                    .setParameter("limit", limit);
            status.ifPresent(wanted -> query.setParameter("status", wanted.name()));
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> new RunSummary(((Number) row[0]).longValue(), (String) row[1],
                (String) row[2], ReconciliationRun.Status.valueOf((String) row[3]), SqlTimes.toInstant(row[4]),
                SqlTimes.toInstant(row[5]), (String) row[6], SqlTimes.toInstant(row[7]), SqlTimes.toInstant(row[8]),
                (String) row[9], row[10] == null ? null : ((Number) row[10]).intValue(),
                row[11] == null ? null : ((Number) row[11]).intValue())).toList());
    }

    /** Whether a run of exactly this window has succeeded. */
    @WithSession
    public Uni<Boolean> succeeded(Instant from, Instant to) {
        return count("windowFrom = ?1 and windowTo = ?2 and status = ?3", from, to,
                ReconciliationRun.Status.SUCCEEDED).map(count -> count > 0);
    }

    /**
     * The succeeded run that finished last, with the number of discrepancies its window report lists (read from the
     * stored JSON in the database: only the count, not the report, crosses the wire); null if no run has succeeded.
     */
    @WithSession
    public Uni<LastSuccess> lastSucceeded() {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT finished_at, (report::jsonb #>> '{window,discrepancyCount}')::int
                FROM reconciliation_run WHERE status = 'SUCCEEDED'
                ORDER BY finished_at DESC LIMIT 1""", Object[].class)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : new LastSuccess(SqlTimes.toInstant(rows.get(0)[0]),
                        rows.get(0)[1] == null ? 0 : ((Number) rows.get(0)[1]).intValue()));
    }

    /** When the last succeeded run finished, and the discrepancies its window reconciliation reported. */
    public record LastSuccess(Instant finishedAt, int discrepancies) {
    }

    /** Takes the lease if it is free, ran out, or already ours; true if we hold it now. */
    @WithTransaction
    public Uni<Boolean> acquireLease(String name, String holder, Duration length) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO reconciliation_lease (name, holder, lease_until)
                VALUES (:name, :holder, now() + make_interval(secs => :seconds))
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
                WHERE reconciliation_lease.lease_until < now() OR reconciliation_lease.holder = EXCLUDED.holder""")
                .setParameter("name", name)
                .setParameter("holder", holder)
                .setParameter("seconds", (double) length.toMillis() / 1000)
                .executeUpdate())
                .map(taken -> taken == 1);
    }

    /** Extends our lease; false if it is no longer ours (it ran out and another holder took it). */
    @WithTransaction
    public Uni<Boolean> renewLease(String name, String holder, Duration length) {
        return getSession().chain(session -> session.createNativeQuery("""
                UPDATE reconciliation_lease SET lease_until = now() + make_interval(secs => :seconds)
                WHERE name = :name AND holder = :holder""")
                .setParameter("name", name)
                .setParameter("holder", holder)
                .setParameter("seconds", (double) length.toMillis() / 1000)
                .executeUpdate())
                .map(renewed -> renewed == 1);
    }

    @WithTransaction
    public Uni<Void> releaseLease(String name, String holder) {
        return getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM reconciliation_lease WHERE name = :name AND holder = :holder")
                .setParameter("name", name)
                .setParameter("holder", holder)
                .executeUpdate())
                .replaceWithVoid();
    }
}
