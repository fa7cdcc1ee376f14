package io.rechargenotify.account.deadletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One record of the dead-letter topic, with the history its headers carried, and whether it was replayed. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {

    /** The length of the bounded text columns (record key, account number, original topic). */
    public static final int MAX_TEXT = 200;

    /** The latest record timestamp stored as it is (Postgres timestamptz ends in 294276 AD). */
    public static final Instant LATEST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59Z");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "dlt_partition", nullable = false)
    public int dltPartition;

    @Column(name = "dlt_offset", nullable = false)
    public long dltOffset;

    @Column(name = "dlt_timestamp", nullable = false)
    public Instant dltTimestamp;

    @Column(name = "record_key")
    public String recordKey;

    @Column(nullable = false)
    public String payload;

    /** The record's rn-signature header as it came (null without one): a replay checks it again. */
    public String signature;

    /** Whether the signature checked when the record was stored (a bulk replay takes only these). */
    @Column(name = "signature_valid", nullable = false)
    public boolean signatureValid;

    /** Null when the payload is unreadable. */
    @Column(name = "tx_no")
    public UUID txNo;

    @Column(name = "account_no")
    public String accountNo;

    public Integer attempt;

    @Column(name = "original_topic")
    public String originalTopic;

    @Column(name = "original_partition")
    public Integer originalPartition;

    @Column(name = "original_offset")
    public Long originalOffset;

    @Column(name = "first_failure_at")
    public Instant firstFailureAt;

    @Column(name = "error_class")
    public String errorClass;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "dead_at", nullable = false)
    public Instant deadAt;

    @Column(name = "replayed_at")
    public Instant replayedAt;

    /** What the replay did (CREDITED, DUPLICATE, RECORDED_FAILURE). */
    @Column(name = "replay_result")
    public String replayResult;

    /** Who replayed it: the operator's token subject. */
    @Column(name = "replayed_by")
    public String replayedBy;
}
