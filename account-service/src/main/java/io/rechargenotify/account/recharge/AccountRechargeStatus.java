package io.rechargenotify.account.recharge;

/** PENDING until the recharge's result is applied; never FAILED because a call failed. */
public enum AccountRechargeStatus {
    PENDING,
    SUCCEEDED,
    FAILED
}
