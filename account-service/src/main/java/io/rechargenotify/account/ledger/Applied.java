package io.rechargenotify.account.ledger;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What applying one recharge result did (the API shows it as a replay's result). */
@Schema(name = "ReplayResult")
public enum Applied {
    /** The account was credited. */
    CREDITED,
    /** A failed recharge was recorded; nothing to credit. */
    RECORDED_FAILURE,
    /** This txNo was applied before: nothing changed. */
    DUPLICATE
}
