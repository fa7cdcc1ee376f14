package io.rechargenotify.recharge.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one source of "now" (UTC), replaceable in tests. It ticks in microseconds, Postgres's precision, so a
 * completion time is the same in the recharge row, in its event and in the receiver's ledger: window reconciliation
 * matches them exactly.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
