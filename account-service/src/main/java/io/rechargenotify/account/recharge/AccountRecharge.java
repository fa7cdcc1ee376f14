package io.rechargenotify.account.recharge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A recharge this service started for one of its accounts. It is recorded PENDING before recharge-service is called
 * and resolved only by the ledger transaction that applies its result, so its status and the balance never disagree.
 */
@Entity
@Table(name = "account_recharge")
public class AccountRecharge {

    @Id
    @Column(name = "tx_no")
    public UUID txNo;

    @Column(name = "account_no", nullable = false)
    public String accountNo;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    @Column(nullable = false, length = 3)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountRechargeStatus status;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** When the stale-pending reconciler may check it next (pushed forward while a checker holds it). */
    @Column(name = "next_check_at", nullable = false)
    public Instant nextCheckAt;

    /** How often recharge-service was asked about it. */
    @Column(nullable = false)
    public int checks;

    @Column(name = "last_checked_at")
    public Instant lastCheckedAt;

    /** What the last submission or check found, for operators. */
    @Column(name = "last_check")
    public String lastCheck;

    /** Who made the last check: the caller's token subject for an active query, else the reconciler. */
    @Column(name = "last_checked_by")
    public String lastCheckedBy;

    /** How often it was submitted to recharge-service (always with its own txNo). */
    @Column(nullable = false)
    public int submissions;

    /** Since when recharge-service has not known it (null while it does, or was never asked). */
    @Column(name = "not_found_since")
    public Instant notFoundSince;
}
