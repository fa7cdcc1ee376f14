package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Recharges in Postgres. */
@ApplicationScoped
public class RechargeRepository implements PanacheRepositoryBase<Recharge, UUID> {

    /**
     * Inserts a PENDING recharge unless its txNo exists. The database decides, so two concurrent requests with one
     * txNo cannot both insert (no check-then-insert race).
     *
     * @return true if this call inserted it
     */
    public Uni<Boolean> insertPendingIfAbsent(UUID txNo, NewRecharge request, Instant now) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
                VALUES (:txNo, :accountNo, :amount, :currency, 'PENDING', :now)
                ON CONFLICT (tx_no) DO NOTHING""")
                .setParameter("txNo", txNo)
                .setParameter("accountNo", request.accountNo())
                .setParameter("amount", request.amount())
                .setParameter("currency", request.currency())
                .setParameter("now", now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
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
