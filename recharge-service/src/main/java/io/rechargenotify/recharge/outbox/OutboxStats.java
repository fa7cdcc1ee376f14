package io.rechargenotify.recharge.outbox;

import java.time.Instant;

/** A snapshot of the outbox for the gauges: rows to publish, the oldest of them (or null), rows parked. */
public record OutboxStats(long backlog, Instant oldestUnpublished, long parked) {
}
