package io.rechargenotify.account.deadletter;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Dead letters in Postgres. */
@ApplicationScoped
public class DeadLetterRepository implements PanacheRepositoryBase<DeadLetter, Long> {

    /** Stores a dead letter unless the same record is stored already (a redelivery); returns rows inserted. */
    public Uni<Integer> insertOnce(DeadLetter letter) {
        return insert(letter, "DO NOTHING");
    }

    /**
     * Stores the whole record of a dead letter whose topic record is a stub; if the stub was stored first, its row
     * takes the payload.
     */
    public Uni<Integer> upsertPayload(DeadLetter letter) {
        return insert(letter, "DO UPDATE SET payload = EXCLUDED.payload, signature = EXCLUDED.signature,"
                + " signature_valid = EXCLUDED.signature_valid, tx_no = EXCLUDED.tx_no, account_no = EXCLUDED.account_no");
    }

    private Uni<Integer> insert(DeadLetter letter, String onConflict) {
        return getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO dead_letter (dlt_partition, dlt_offset, dlt_timestamp, record_key, payload, signature, signature_valid, tx_no, account_no, attempt,
                    original_topic, original_partition, original_offset, first_failure_at, error_class, last_error,
                    dead_at)
                VALUES (:partition, :offset, :timestamp, :key, :payload, :signature, :signatureValid, :txNo, :accountNo, :attempt, :originalTopic,
                    :originalPartition, :originalOffset, :firstFailureAt, :errorClass, :lastError, :deadAt)
                ON CONFLICT (dlt_partition, dlt_offset, dlt_timestamp) """ + onConflict)
                .setParameter("partition", letter.dltPartition)
                .setParameter("offset", letter.dltOffset)
                .setParameter("timestamp", letter.dltTimestamp)
                .setParameter("key", letter.recordKey)
                .setParameter("payload", letter.payload)
                .setParameter("signature", letter.signature)
                .setParameter("signatureValid", letter.signatureValid)
                .setParameter("txNo", letter.txNo)
                .setParameter("accountNo", letter.accountNo)
                .setParameter("attempt", letter.attempt)
                .setParameter("originalTopic", letter.originalTopic)
                .setParameter("originalPartition", letter.originalPartition)
                .setParameter("originalOffset", letter.originalOffset)
                .setParameter("firstFailureAt", letter.firstFailureAt)
                .setParameter("errorClass", letter.errorClass)
                .setParameter("lastError", letter.lastError)
                .setParameter("deadAt", letter.deadAt)
                .executeUpdate());
    }

    /**
     * Dead letters after id {@code after}, oldest first; optionally one account's, optionally one txNo's
     * ({@code dead_letter_tx_no_idx}), optionally only open ones.
     */
    public Uni<List<DeadLetter>> page(long after, int limit, Optional<String> accountNo, Optional<UUID> txNo,
            boolean openOnly) {
        StringBuilder query = new StringBuilder("id > :after");
        Parameters params = Parameters.with("after", after);
        if (accountNo.isPresent()) {
            query.append(" and accountNo = :accountNo");
            params.and("accountNo", accountNo.get());
        }
        if (txNo.isPresent()) {
            query.append(" and txNo = :txNo");
            params.and("txNo", txNo.get());
        }
        if (openOnly) {
            query.append(" and replayedAt is null");
        }
        return find(query.toString(), Sort.by("id"), params).page(Page.ofSize(limit)).list();
    }

    /**
     * What a bulk replay takes: open dead letters, oldest first, whose signature checked when they were stored –
     * anyone able to write to a topic can make forged ones by the thousand, and they would fill every bulk replay's
     * page for ever. The others are replayed one by one (after the missing key is added, if they are genuine).
     */
    public Uni<List<DeadLetter>> bulkReplayable(Optional<String> accountNo, int limit) {
        StringBuilder query = new StringBuilder("replayedAt is null and signatureValid = true");
        Parameters params = new Parameters();
        if (accountNo.isPresent()) {
            query.append(" and accountNo = :accountNo");
            params.and("accountNo", accountNo.get());
        }
        return find(query.toString(), Sort.by("id"), params).page(Page.ofSize(limit)).list();
    }

    /** Open dead letters only: what has not been replayed and is still waiting for the operator. */
    public Uni<Long> countOpen() {
        return count("replayedAt is null");
    }
}
