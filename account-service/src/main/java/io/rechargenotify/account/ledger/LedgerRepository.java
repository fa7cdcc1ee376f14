package io.rechargenotify.account.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Ledger entries and the deduplication table. */
@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    /**
     * The recharge this service started with the result's txNo, if it was for another account, amount or currency
     * (the claim and credit statements begin with it): such a result is not this recharge's, so it neither claims
     * the txNo nor resolves the recharge – whether the source or the message is wrong is for an operator to find out.
     */
    private static final String STARTED_DIFFERENTLY = """
            WITH started AS (
                SELECT account_no, amount, currency FROM account_recharge
                WHERE tx_no = :txNo AND (account_no <> :accountNo OR amount <> :amount OR currency <> :currency)
            )""";

    /**
     * Claims the txNo of a result for this transaction. The database decides ({@code ON CONFLICT DO NOTHING}), so
     * however many deliveries of one result run concurrently, exactly one gets {@code true}. A result that does not
     * match the recharge this service started with its txNo claims nothing and fails with a {@link PermanentFailure}.
     */
    public Uni<Boolean> claim(RechargeResultEvent event, LedgerSource source, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(STARTED_DIFFERENTLY + """
                , claim AS (
                    INSERT INTO processed_recharge (tx_no, event_id, outcome, source, processed_at)
                    SELECT CAST(:txNo AS uuid), CAST(:eventId AS uuid), CAST(:outcome AS varchar),
                           CAST(:source AS varchar), CAST(:now AS timestamptz)
                    WHERE NOT EXISTS (SELECT FROM started)
                    ON CONFLICT (tx_no) DO NOTHING
                    RETURNING tx_no
                )
                SELECT (SELECT count(*) FROM claim), started.* FROM (SELECT 1) AS one LEFT JOIN started ON true""",
                        Object[].class)
                .setParameter("txNo", event.txNo())
                .setParameter("eventId", event.eventId())
                .setParameter("outcome", Outcomes.of(event.type()))
                .setParameter("source", source.code())
                .setParameter("now", now)
                .setParameter("amount", event.amount())
                .setParameter("accountNo", event.accountNo())
                .setParameter("currency", event.currency())
                .getSingleResult())
                .map(row -> {
                    refuseIfStartedDifferently(event, row, 1);
                    return ((Number) row[0]).intValue() == 1;
                });
    }

    /**
     * Applies a SUCCEEDED result in one statement: claims the txNo as {@link #claim} does, adds the amount to the
     * balance, writes the ledger entry and resolves the recharge if this service started it. Each step runs only if
     * the one before it did, so a duplicate changes nothing. One round trip instead of four on the hot path (the
     * benchmark measured the difference); the caller rolls back when the txNo was claimed but nothing was credited.
     * A result that does not match the recharge this service started with its txNo claims and credits nothing and
     * fails with a {@link PermanentFailure}.
     */
    public Uni<Credit> credit(RechargeResultEvent event, LedgerSource source, Instant now) {
        return getSession().chain(session -> session.createNativeQuery(STARTED_DIFFERENTLY + """
                , claim AS (
                    INSERT INTO processed_recharge (tx_no, event_id, outcome, source, processed_at)
                    SELECT CAST(:txNo AS uuid), CAST(:eventId AS uuid), 'SUCCEEDED', CAST(:source AS varchar),
                           CAST(:now AS timestamptz)
                    WHERE NOT EXISTS (SELECT FROM started)
                    ON CONFLICT (tx_no) DO NOTHING
                    RETURNING tx_no
                ), credit AS (
                    UPDATE account SET balance = balance + :amount, updated_at = :now
                    WHERE account_no = :accountNo AND currency = :currency AND EXISTS (SELECT FROM claim)
                    RETURNING account_no
                ), entry AS (
                    INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, created_at)
                    SELECT account_no, CAST(:txNo AS uuid), CAST(:amount AS numeric), CAST(:currency AS char(3)),
                           CAST(:source AS varchar), CAST(:occurredAt AS timestamptz), CAST(:now AS timestamptz)
                    FROM credit
                    RETURNING tx_no
                ), resolved AS (
                    UPDATE account_recharge SET status = 'SUCCEEDED', failure_reason = NULL, resolved_at = :now
                    WHERE tx_no IN (SELECT tx_no FROM entry) AND status <> 'SUCCEEDED'
                )
                SELECT (SELECT count(*) FROM claim) AS claimed, (SELECT count(*) FROM credit) AS credited, started.*
                FROM (SELECT 1) AS one LEFT JOIN started ON true""", Object[].class)
                .setParameter("txNo", event.txNo())
                .setParameter("eventId", event.eventId())
                .setParameter("source", source.code())
                .setParameter("now", now)
                .setParameter("amount", event.amount())
                .setParameter("accountNo", event.accountNo())
                .setParameter("currency", event.currency())
                .setParameter("occurredAt", event.occurredAt())
                .getSingleResult())
                .map(row -> {
                    refuseIfStartedDifferently(event, row, 2);
                    return new Credit(((Number) row[0]).intValue() == 1, ((Number) row[1]).intValue() == 1);
                });
    }

    /** Fails if the statement found the recharge started here different: its columns begin at {@code at}. */
    private static void refuseIfStartedDifferently(RechargeResultEvent event, Object[] row, int at) {
        if (row[at] != null) {
            throw new PermanentFailure("result does not match the recharge account " + row[at] + " started: "
                    + row[at + 1] + " " + row[at + 2] + " for " + row[at] + ", the result is " + event.amount() + " "
                    + event.currency() + " for " + event.accountNo() + " (txNo " + event.txNo() + ")");
        }
    }

    /** What {@link #credit} did: claimed the txNo (else a duplicate), and credited the account (else refused). */
    public record Credit(boolean claimed, boolean credited) {
    }

    /**
     * Bounds this transaction's waits: a row lock held longer than {@code lockTimeout} fails it (SQLSTATE 55P03), a
     * statement running longer than {@code statementTimeout} is cancelled by Postgres (57014). Both are transient
     * failures that walk the retry ladder instead of stalling the consumer. Transaction-local ({@code is_local}).
     */
    public Uni<Void> boundWaits(Duration lockTimeout, Duration statementTimeout) {
        return getSession().chain(session -> session.createNativeQuery(
                        "SELECT set_config('lock_timeout', :lock, true), set_config('statement_timeout', :statement, true)")
                .setParameter("lock", lockTimeout.toMillis() + "ms")
                .setParameter("statement", statementTimeout.toMillis() + "ms")
                .getSingleResult()).replaceWithVoid();
    }

    /** The entries of one account after the entry id {@code after}, oldest first. */
    public Uni<List<LedgerEntry>> page(String accountNo, long after, int limit) {
        return find("accountNo = ?1 and id > ?2", Sort.by("id"), accountNo, after)
                .page(Page.ofSize(limit)).list();
    }

    /**
     * The entries whose recharge completed in [from, to), in (occurredAt, txNo) order after the given position: the
     * order in which recharge-service lists the same window ({@code ledger_entry_occurred_idx}).
     */
    @SuppressWarnings("unchecked")
    public Uni<List<LedgerEntry>> windowPage(Instant from, Instant to, Instant afterAt, UUID afterTxNo, int limit) {
        return getSession().chain(session -> session.createNativeQuery("""
                SELECT * FROM ledger_entry
                WHERE occurred_at >= :from AND occurred_at < :to AND (occurred_at, tx_no) > (:afterAt, :afterTxNo)
                ORDER BY occurred_at, tx_no
                LIMIT :limit""", LedgerEntry.class)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("afterAt", afterAt)
                .setParameter("afterTxNo", afterTxNo)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<LedgerEntry> findByTxNo(UUID txNo) {
        return find("txNo", txNo).firstResult();
    }

    /** The outcome recorded for a txNo (SUCCEEDED or FAILED), or null if none was applied. */
    public Uni<String> processedOutcome(UUID txNo) {
        return getSession().chain(session -> session.createNativeQuery(
                        "SELECT outcome FROM processed_recharge WHERE tx_no = :txNo", String.class)
                .setParameter("txNo", txNo)
                .getResultList())
                .map(outcomes -> outcomes.isEmpty() ? null : outcomes.get(0));
    }
}
