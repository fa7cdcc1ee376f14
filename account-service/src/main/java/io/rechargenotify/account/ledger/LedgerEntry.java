package io.rechargenotify.account.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One credit of one account by one recharge; at most one entry per txNo. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_no", nullable = false)
    public String accountNo;

    @Column(name = "tx_no", nullable = false)
    public UUID txNo;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    @Column(nullable = false, length = 3)
    public String currency;

    /** The {@link LedgerSource#code()} of what delivered the result. */
    @Column(nullable = false)
    public String source;

    /** When the recharge completed at the source (the event's occurredAt): the window it belongs to. */
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
