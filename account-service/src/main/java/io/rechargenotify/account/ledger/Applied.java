package io.rechargenotify.account.ledger;

/** What applying one recharge result did. */
public enum Applied {
    /** The account was credited. */
    CREDITED,
    /** A failed recharge was recorded; nothing to credit. */
    RECORDED_FAILURE,
    /** This txNo was applied before: nothing changed. */
    DUPLICATE
}
