package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.event.EventCodec;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.system.Sql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: poison records interleaved with the good results, on the same keys (so the same partitions): not JSON,
 * JSON that is no event, an unknown schema version, a negative amount, an unknown account, the wrong currency.
 * Guards: a record that can never be applied goes to the dead-letter topic at once and the partition moves on – the
 * good results behind it are credited, none stalls, none is lost.
 */
class PoisonIT {

    private static final int POISON = 60;

    @Test
    void poisonInterleavedWithGoodResultsIsDeadLetteredAndNothingStalls() {
        try (MoneyFlow flow = MoneyFlow.start("poison"); Publisher publisher = new Publisher()) {
            Load load = flow.postRecharges();
            for (int i = 0; i < POISON; i++) {
                load.awaitAccepted(i * MoneyFlow.RECHARGES / POISON);
                String accountNo = flow.accounts().get(i % flow.accounts().size());
                publisher.send(Topics.RECHARGE_RESULTS, accountNo, poison(i, accountNo));
            }
            publisher.flush();
            load.awaitAll();

            flow.assertInvariantsHold();
            Awaitility.await("every poison record dead-lettered").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Sql.count(flow.accountDb(), "SELECT count(*) FROM dead_letter") >= POISON);
            MoneyFlow.Counts counts = flow.report();
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(counts.deadLettered()).isEqualTo(POISON);
            assertThat(Sql.count(flow.accountDb(), "SELECT count(*) FROM dead_letter WHERE attempt > 1"))
                    .as("poison retried instead of dead-lettered at once").isZero();
        }
    }

    private static String poison(int i, String accountNo) {
        Instant now = Instant.now();
        UUID txNo = UUID.randomUUID();
        return switch (i % 6) {
            case 0 -> "{\"txNo\": \"" + txNo + "\", not json";
            case 1 -> "{\"hello\":\"world\"}";
            case 2 -> EventCodec.encode(new RechargeResultEvent(UUID.randomUUID(), RechargeEventType.RechargeSucceeded,
                    txNo, accountNo, new BigDecimal("5.00"), "CNY", now, 99));
            case 3 -> EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, txNo, accountNo,
                    new BigDecimal("-5.00"), "CNY", now));
            case 4 -> EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, txNo,
                    "NOBODY-" + i, new BigDecimal("5.00"), "CNY", now));
            default -> EventCodec.encode(RechargeResultEvent.of(RechargeEventType.RechargeSucceeded, txNo, accountNo,
                    new BigDecimal("5.00"), "USD", now));
        };
    }
}
