package io.rechargenotify.system.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.rechargenotify.shared.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: every result published five times at once. recharge-service's relay is off; the test publishes each
 * outbox row's very record from five concurrent producers, each in its own order. Guards: the dedup by txNo in the
 * credit's transaction – exactly one delivery applies, the other four are suppressed without a dead letter.
 */
class DuplicateFloodIT {

    private static final int COPIES = 5;

    @Test
    void everyResultPublishedFiveTimesIsCreditedOnce() throws SQLException {
        try (MoneyFlow flow = MoneyFlow.start("duplicate_flood", Map.of("RECHARGE_RELAY_ENABLED", "false"),
                Map.of())) {
            flow.postRecharges().awaitAll();
            flow.awaitAllDecided();
            List<String[]> outbox = outboxRecords(flow.rechargeDb());
            assertThat(outbox).hasSize(MoneyFlow.RECHARGES);

            List<CompletableFuture<Void>> producers = IntStream.range(0, COPIES).mapToObj(copy -> {
                List<String[]> order = new ArrayList<>(outbox);
                Collections.shuffle(order, new java.util.Random(copy));
                return CompletableFuture.runAsync(() -> {
                    try (Publisher publisher = new Publisher()) {
                        order.forEach(row -> publisher.send(row[0], row[1], row[2]));
                        publisher.flush();
                    }
                });
            }).toList();
            producers.forEach(CompletableFuture::join);

            flow.assertInvariantsHold();
            flow.awaitDuplicatesSuppressed((COPIES - 1L) * MoneyFlow.RECHARGES);
            MoneyFlow.Counts counts = flow.report();
            assertThat(counts.credited()).isEqualTo(counts.succeeded());
            assertThat(counts.duplicatesSuppressed()).isEqualTo((COPIES - 1L) * MoneyFlow.RECHARGES);
            assertThat(counts.deadLettered()).isZero();
        }
    }

    /** Topic, key and payload of every outbox row: the records the relay would have published. */
    private static List<String[]> outboxRecords(String database) throws SQLException {
        try (Connection db = TestDatabases.connect(database);
                PreparedStatement query = db.prepareStatement("SELECT topic, message_key, payload FROM outbox");
                ResultSet rows = query.executeQuery()) {
            List<String[]> records = new ArrayList<>();
            while (rows.next()) {
                records.add(new String[] { rows.getString(1), rows.getString(2), rows.getString(3) });
            }
            return records;
        }
    }
}
