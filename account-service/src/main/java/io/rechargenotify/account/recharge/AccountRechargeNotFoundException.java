package io.rechargenotify.account.recharge;

import java.util.UUID;

/** No recharge with this txNo was started for this account. */
public class AccountRechargeNotFoundException extends RuntimeException {

    public AccountRechargeNotFoundException(String accountNo, UUID txNo) {
        super("account " + accountNo + " has no recharge " + txNo);
    }
}
