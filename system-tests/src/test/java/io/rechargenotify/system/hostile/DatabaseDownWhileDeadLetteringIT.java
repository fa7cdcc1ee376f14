package io.rechargenotify.system.hostile;

import io.rechargenotify.shared.event.Topics;
import io.rechargenotify.system.fault.PostgresServer;
import io.rechargenotify.system.hostile.DeadLetters.Letter;
import io.rechargenotify.system.hostile.DeadLetters.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the Postgres server stopped for 10 s while a stream of poison records (results for accounts that do not
 * exist) arrives, so dead letters must be handed on and stored while the database that stores them is gone. Guards:
 * when it is back, every one of them is in {@code /dead-letters} exactly once; no consumer stopped or was recreated
 * (the same member ids, liveness UP throughout – readiness rightly goes DOWN without the database); nothing is left
 * unconsumed.
 */
class DatabaseDownWhileDeadLetteringIT {

    private static final int POISON = 200;
    /** How long the server stays down: the fault itself, not a wait for something to happen. */
    private static final long OUTAGE_MS = 10_000;
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(90);

    @Test
    void poisonArrivingWhileTheDatabaseIsDownIsDeadLetteredOnceAndNoConsumerStops() throws InterruptedException {
        Instant started = Instant.now();
        PostgresServer postgres = PostgresServer.local();
        SoftAssertions softly = new SoftAssertions();
        try (HostileSystem system = HostileSystem.start("dead_letter_outage", "1s,2s", 6);
                RawProducer producer = new RawProducer()) {
            Map<String, Set<String>> membersAtStart = system.groups()
                    .awaitStableMembers(HostileSystem.expectedMembers(), Duration.ofSeconds(60));
            List<Origin> sent = new ArrayList<>();
            try (HealthWatch liveness = HealthWatch.live(system.accountService().baseUrl())) {
                postgres.stop();
                try {
                    // the stream spread over the outage: one record every OUTAGE_MS / POISON, a pace, not a wait
                    for (int i = 0; i < POISON; i++) {
                        String account = system.accounts().get(i % system.accounts().size());
                        RecordMetadata at = producer.send(RawProducer.signed(new ProducerRecord<>(
                                Topics.RECHARGE_RESULTS, account.getBytes(StandardCharsets.UTF_8), unknownAccount())));
                        sent.add(new Origin(at.topic(), at.partition(), at.offset()));
                        Thread.sleep(OUTAGE_MS / POISON);
                    }
                } finally {
                    postgres.start();
                }

                Instant deadline = Instant.now().plus(SETTLES_WITHIN);
                HostileSystem.settles("every poison record dead-lettered", deadline,
                        () -> DeadLetters.all(system.accountService().baseUrl()).stream().map(Letter::origin)
                                .collect(Collectors.toSet()).containsAll(sent));
                Map<Origin, Long> stored = DeadLetters.all(system.accountService().baseUrl()).stream()
                        .filter(letter -> letter.origin() != null)
                        .collect(Collectors.groupingBy(Letter::origin, Collectors.counting()));
                softly.assertThat(HostileSystem.firstOf(sent.stream().filter(origin -> !stored.containsKey(origin))
                        .map(Origin::toString).toList(), 20))
                        .as("poison records with no dead letter").isEmpty();
                softly.assertThat(sent.stream().filter(origin -> stored.getOrDefault(origin, 0L) > 1)
                        .collect(Collectors.toMap(Function.identity(), stored::get)))
                        .as("poison records stored more than once").isEmpty();

                softly.assertThat(HealthWatch.settlesHealthy(system.accountService().baseUrl(),
                        Duration.ofSeconds(5), Duration.between(Instant.now(), deadline).plusSeconds(10)))
                        .as("account-service live and ready again, and staying so, after the outage").isTrue();
                system.assertCaughtUp(softly, "consumer groups caught up", deadline, membersAtStart);
                softly.assertThat(liveness.actedOn()).as("liveness probes failing as often as Kubernetes restarts on "
                        + "(%d of %d failed: %s)", liveness.failureCount(), liveness.probes(),
                        HostileSystem.firstOf(liveness.failures(), 5)).isEmpty();
            }
            System.out.printf("[hostile] database down 10 s: %d poison records sent, %d dead letters, took %ds%n",
                    sent.size(), DeadLetters.all(system.accountService().baseUrl()).size(),
                    Duration.between(started, Instant.now()).toSeconds());
        }
        softly.assertAll();
    }

    private static byte[] unknownAccount() {
        return """
                {"eventId":"%s","type":"RechargeSucceeded","txNo":"%s","accountNo":"NOBODY-%s","amount":"5.00",\
                "currency":"CNY","occurredAt":"%s","schemaVersion":1}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString().substring(0, 8),
                        Instant.now()).getBytes(StandardCharsets.UTF_8);
    }
}
