package io.rechargenotify.account.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** An account that recharges credit. Its balance only changes through the ledger. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "account_no")
    public String accountNo;

    @Column(nullable = false)
    public String owner;

    @Column(nullable = false, length = 3)
    public String currency;

    @Column(name = "opening_balance", nullable = false, precision = 19, scale = 2)
    public BigDecimal openingBalance;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal balance;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
