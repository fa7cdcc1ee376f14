package io.rechargenotify.account.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;

/** Accounts in Postgres. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    /**
     * Adds to the balance in one statement (no read-modify-write, so concurrent credits cannot lose each other).
     *
     * @return 1 if an account with this number and currency was credited, 0 otherwise
     */
    public Uni<Integer> addToBalance(String accountNo, String currency, BigDecimal amount, Instant now) {
        return update("balance = balance + ?1, updatedAt = ?2 where accountNo = ?3 and currency = ?4",
                amount, now, accountNo, currency);
    }
}
