package io.rechargenotify.account.domain;

/** No account has this number. */
public class AccountNotFoundException extends RuntimeException {

    public AccountNotFoundException(String accountNo) {
        super("No account " + accountNo);
    }
}
