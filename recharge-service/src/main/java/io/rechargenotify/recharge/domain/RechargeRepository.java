package io.rechargenotify.recharge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
}
