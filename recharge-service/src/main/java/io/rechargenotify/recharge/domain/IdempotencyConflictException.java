package io.rechargenotify.recharge.domain;

import java.util.UUID;

/** A txNo was reused for a different recharge: the client must not get the stored one back as if it matched. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(UUID txNo) {
        super("txNo " + txNo + " was already used for a recharge with a different account, amount or currency");
    }
}
