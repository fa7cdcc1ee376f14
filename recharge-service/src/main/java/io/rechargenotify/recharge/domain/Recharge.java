package io.rechargenotify.recharge.domain;

import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One recharge of one account: created PENDING, completed once by the payment channel's outcome. */
@Entity
@Table(name = "recharge")
public class Recharge {

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
    public RechargeStatus status;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** The PENDING recharge as recorded for this request (not attached to any session). */
    public static Recharge pending(UUID txNo, NewRecharge request, Instant createdAt) {
        Recharge recharge = new Recharge();
        recharge.txNo = txNo;
        recharge.accountNo = request.accountNo();
        recharge.amount = request.amount();
        recharge.currency = request.currency();
        recharge.status = RechargeStatus.PENDING;
        recharge.createdAt = createdAt;
        return recharge;
    }

    /** A detached copy of this PENDING recharge, to complete without touching this one. */
    public Recharge pendingCopy() {
        return pending(txNo, new NewRecharge(txNo, accountNo, amount, currency), createdAt);
    }

    /** True if a repeated request with this txNo asks for the same recharge. */
    public boolean sameRequestAs(NewRecharge request) {
        return accountNo.equals(request.accountNo())
                && amount.compareTo(request.amount()) == 0
                && currency.equals(request.currency());
    }

    /** Records the channel's outcome and returns the event that notifies it. */
    public RechargeResultEvent complete(PaymentOutcome outcome, Instant now) {
        if (status != RechargeStatus.PENDING) {
            throw new IllegalStateException("recharge " + txNo + " is already " + status);
        }
        status = outcome.succeeded() ? RechargeStatus.SUCCEEDED : RechargeStatus.FAILED;
        failureReason = outcome.failureReason();
        completedAt = now;
        RechargeEventType type = outcome.succeeded() ? RechargeEventType.RechargeSucceeded
                : RechargeEventType.RechargeFailed;
        return RechargeResultEvent.of(type, txNo, accountNo, amount, currency, now);
    }
}
