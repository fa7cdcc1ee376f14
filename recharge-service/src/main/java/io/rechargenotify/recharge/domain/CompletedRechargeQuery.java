package io.rechargenotify.recharge.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A page of completed recharges for reconciliation: a completion window [from, to), optional filters, and the keyset
 * position to continue after.
 */
public record CompletedRechargeQuery(
        Optional<Instant> completedFrom,
        Optional<Instant> completedTo,
        Optional<RechargeStatus> status,
        Optional<String> accountNo,
        Optional<RechargeCursor> after,
        int limit) {
}
