package io.rechargenotify.recharge.domain;

/** Where a recharge is: waiting for the payment channel, or finished either way. */
public enum RechargeStatus {
    PENDING,
    SUCCEEDED,
    FAILED
}
