package io.rechargenotify.recharge.domain;

import java.time.Instant;
import java.util.Optional;

/** A page of PENDING recharges: those taken before a time (stuck ones), optionally of one account, after a position. */
public record PendingRechargeQuery(
        Optional<Instant> createdBefore,
        Optional<String> accountNo,
        Optional<RechargeCursor> after,
        int limit) {
}
