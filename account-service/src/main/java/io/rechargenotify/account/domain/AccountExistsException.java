package io.rechargenotify.account.domain;

/** An account with this number is already open. */
public class AccountExistsException extends RuntimeException {

    public AccountExistsException(String accountNo) {
        super("Account " + accountNo + " already exists");
    }
}
