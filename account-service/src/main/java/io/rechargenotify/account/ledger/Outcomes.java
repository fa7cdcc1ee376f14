package io.rechargenotify.account.ledger;

import io.rechargenotify.shared.event.RechargeEventType;

/** The outcome names stored in the deduplication table. */
final class Outcomes {

    private Outcomes() {
    }

    static String of(RechargeEventType type) {
        return switch (type) {
            case RechargeSucceeded -> "SUCCEEDED";
            case RechargeFailed -> "FAILED";
        };
    }
}
