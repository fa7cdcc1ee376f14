package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Scenario 4: the Postgres server under account-service stopped like a crash ({@code -m immediate}) under load, and
 * started again 10 s later. Here it also serves recharge-service, so both sides lose their database at once.
 * Guards: a credit is one transaction (nothing half-applied survives), a result that could not be applied goes
 * through the retry topics instead of being dropped or dead-lettered, and the pools reconnect by themselves.
 */
class PostgresRestartIT {

    /** How long the server stays down: the fault itself, not a wait for something to happen. */
    private static final long OUTAGE_MS = 10_000;

    @Test
    void databaseRestartedUnderLoadEveryResultIsCreditedOnce() throws InterruptedException {
        PostgresServer postgres = PostgresServer.local();
        try (MoneyFlow flow = MoneyFlow.start("postgres_restart")) {
            Load load = flow.postRecharges();
            flow.awaitCredited(150);
            postgres.stop();
            try {
                Thread.sleep(OUTAGE_MS);
            } finally {
                postgres.start();
            }
            load.awaitAll();

            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(counts.deadLettered()).isZero();
            assertThat(counts.resent()).as("requests that got no answer while the database was down").isPositive();
        }
    }
}
