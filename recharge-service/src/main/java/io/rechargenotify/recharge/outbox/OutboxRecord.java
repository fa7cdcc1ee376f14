package io.rechargenotify.recharge.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One notification waiting to be published (or already published, until retention removes it). */
@Entity
@Table(name = "outbox")
public class OutboxRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tx_no", nullable = false)
    public UUID txNo;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    @Column(nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The trace of the request that recorded the result (W3C traceparent); null when there was none. */
    public String traceparent;

    /** Publication attempts so far, successful or not. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** When the relay gave up on this row because the broker can never accept it; null otherwise. */
    @Column(name = "parked_at")
    public Instant parkedAt;

    /** When an operator last returned the row to the relay after it was parked, and who; null if never. */
    @Column(name = "unparked_at")
    public Instant unparkedAt;

    @Column(name = "unparked_by")
    public String unparkedBy;
}
