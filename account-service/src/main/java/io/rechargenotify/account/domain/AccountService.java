package io.rechargenotify.account.domain;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Opens accounts and tells their state. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final Clock clock;

    public AccountService(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Account> open(String accountNo, String owner, String currency) {
        String number = accountNo != null ? accountNo : generateAccountNo();
        return accounts.findById(number).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new AccountExistsException(number));
            }
            Instant now = clock.instant();
            Account account = new Account();
            account.accountNo = number;
            account.owner = owner;
            account.currency = currency;
            account.openingBalance = BigDecimal.ZERO.setScale(2);
            account.balance = account.openingBalance;
            account.createdAt = now;
            account.updatedAt = now;
            Log.infof("Opening account %s in %s", number, currency);
            return accounts.persist(account);
        });
    }

    @WithSession
    public Uni<Account> find(String accountNo) {
        return accounts.findById(accountNo).onItem().ifNull().failWith(() -> new AccountNotFoundException(accountNo));
    }

    private static String generateAccountNo() {
        return "AC" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
    }
}
