package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.kafkabroker.KafkaBrokerProcess;
import io.rechargenotify.shared.testing.TestKafka;
import io.rechargenotify.system.Sql;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: the Kafka broker stopped for 20 s under load, then restarted. Guards: recharge-service keeps taking
 * recharges while the broker is away (its outbox holds the results), the relay marks a row published only after the
 * broker acknowledged it, and both services reconnect by themselves.
 */
class BrokerOutageIT {

    /** How long the broker stays down: the fault itself, not a wait for something to happen. */
    private static final long OUTAGE_MS = 20_000;

    @Test
    void brokerDownForTwentySecondsUnderLoadEveryResultIsCreditedOnce() throws InterruptedException {
        KafkaBrokerProcess broker = TestKafka.ownBroker().orElseThrow(
                () -> new IllegalStateException("this scenario stops the broker: run it on the test JVM's own"));
        try (MoneyFlow flow = MoneyFlow.start("broker_outage")) {
            Load load = flow.postRecharges();
            flow.awaitCredited(100);
            broker.stop();
            int acceptedAtStop = load.accepted();
            Thread.sleep(OUTAGE_MS);
            int acceptedWhileDown = load.accepted() - acceptedAtStop;
            long unpublished = Sql.count(flow.rechargeDb(), "SELECT count(*) FROM outbox WHERE published_at IS NULL");
            broker.restart();
            load.awaitAll();

            flow.assertInvariantsHold();
            MoneyFlow.Counts counts = flow.report();
            System.out.printf("[fault broker_outage] accepted while the broker was down: %d, waiting in the outbox "
                    + "when it came back: %d%n", acceptedWhileDown, unpublished);
            assertThat(acceptedWhileDown).as("recharges taken while the broker was down").isPositive();
            assertThat(unpublished).as("results held in the outbox while the broker was down").isPositive();
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(counts.deadLettered()).isZero();
        }
    }
}
