package io.rechargenotify.shared.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one source of "now" (UTC) of both services, replaceable in tests. It ticks in microseconds, Postgres's
 * precision, so a time is the same in a row, in the event that carries it and in the API: a recharge's completion
 * time in recharge-service, in its event and in account-service's ledger match exactly, which window reconciliation
 * relies on.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
