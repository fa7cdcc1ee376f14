package io.rechargenotify.account.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.rechargenotify.account.domain.Account;
import java.math.BigDecimal;
import java.time.Instant;

/** An account as the API shows it; money as a string so no client parses it as a float. */
public record AccountView(
        String accountNo,
        String owner,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal balance,
        Instant createdAt,
        Instant updatedAt) {

    static AccountView of(Account account) {
        return new AccountView(account.accountNo, account.owner, account.currency, account.balance,
                account.createdAt, account.updatedAt);
    }
}
