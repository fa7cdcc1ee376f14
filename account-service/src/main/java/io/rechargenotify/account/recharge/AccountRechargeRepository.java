package io.rechargenotify.account.recharge;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.rechargenotify.shared.time.SqlTimes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Recharges started by account-service. */
@ApplicationScoped
public class AccountRechargeRepository implements PanacheRepositoryBase<AccountRecharge, UUID> {

    /**
     * Locks up to {@code limit} PENDING recharges due for a check, skipping those another transaction holds; the
     * caller pushes their {@code nextCheckAt} forward in the same transaction, which is the claim.
     */
    @SuppressWarnings("unchecked")
    public Uni<List<AccountRecharge>> lockDue(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT * FROM account_recharge
                WHERE status = 'PENDING' AND next_check_at <= :now
                ORDER BY next_check_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", AccountRecharge.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /**
     * Recharges in the order they were started, those the filter selects, after the one {@code after} names (keyset
     * paging: a recharge started meanwhile never shifts a page). The cursor's time bounds the index scan
     * ({@code account_recharge_account_idx} for one account's, {@code account_recharge_status_idx} for one status of
     * all accounts), so a page costs the same at any depth.
     */
    public Uni<List<AccountRecharge>> page(Filter filter, Optional<Position> after, int limit) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        filter.accountNo().ifPresent(accountNo -> {
            conditions.add("accountNo = :accountNo");
            parameters.and("accountNo", accountNo);
        });
        filter.status().ifPresent(status -> {
            conditions.add("status = :status");
            parameters.and("status", status);
        });
        filter.createdBefore().ifPresent(before -> {
            conditions.add("createdAt < :createdBefore");
            parameters.and("createdBefore", before);
        });
        after.ifPresent(position -> {
            conditions.add("createdAt >= :createdAt and (createdAt > :createdAt or txNo > :txNo)");
            parameters.and("createdAt", position.createdAt()).and("txNo", position.txNo());
        });
        String where = conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ";
        return find(where + "order by createdAt, txNo", parameters).range(0, limit - 1).list();
    }

    /** Which recharges {@link #page} lists: one account's or all, of one status or any, started before a time. */
    public record Filter(Optional<String> accountNo, Optional<AccountRechargeStatus> status,
            Optional<Instant> createdBefore) {

        /** The account's recharges, those with {@code status} only if one is given. */
        public static Filter account(String accountNo, Optional<AccountRechargeStatus> status) {
            return new Filter(Optional.of(accountNo), status, Optional.empty());
        }

        /** Every account's recharges in {@code status}, those started before {@code createdBefore} if given. */
        public static Filter status(AccountRechargeStatus status, Optional<Instant> createdBefore) {
            return new Filter(Optional.empty(), Optional.of(status), createdBefore);
        }
    }

    /** Where a page of {@link #page} ends: the last recharge's start time and txNo. */
    public record Position(Instant createdAt, UUID txNo) {
    }

    /**
     * Resolves a recharge of ours with its result, inside the ledger transaction that applied it. A SUCCEEDED result
     * also overrides a local FAILED (closed after recharge-service long denied knowing it): the money is the truth.
     * Only for a result that matches the recharge: the ledger's claim of the txNo, which comes first in the same
     * transaction, refuses a result for another account, amount or currency.
     */
    public Uni<Integer> resolve(UUID txNo, AccountRechargeStatus status, String failureReason, Instant now) {
        return update("status = ?1, failureReason = ?2, resolvedAt = ?3 where txNo = ?4 and status <> ?5",
                status, failureReason, now, txNo, AccountRechargeStatus.SUCCEEDED);
    }

    /** Notes what a check found and when to check next, in a transaction of its own. */
    @WithTransaction
    public Uni<Void> recordCheck(UUID txNo, Instant now, String note, Instant nextCheckAt, Instant notFoundSince,
            String checkedBy) {
        return update("checks = checks + 1, lastCheckedAt = ?1, lastCheck = ?2, nextCheckAt = ?3, notFoundSince = ?4, "
                + "lastCheckedBy = ?5 where txNo = ?6", now, Notes.truncate(note), nextCheckAt, notFoundSince,
                checkedBy, txNo).replaceWithVoid();
    }

    /** The number of PENDING recharges and the creation time of the oldest (null when there is none). */
    public Uni<PendingStats> pendingStats() {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT count(*), min(created_at) FROM account_recharge WHERE status = 'PENDING'""", Object[].class)
                .getSingleResult())
                .map(row -> new PendingStats(((Number) row[0]).longValue(), SqlTimes.toInstant(row[1])));
    }


    /** How many recharges are PENDING, and since when the oldest. */
    public record PendingStats(long count, Instant oldestCreatedAt) {
    }
}
