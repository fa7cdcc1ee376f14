package io.rechargenotify.system.hostile;

import io.rechargenotify.system.hostile.DeadLetters.Letter;
import io.rechargenotify.system.hostile.DeadLetters.Origin;
import io.rechargenotify.system.hostile.HostileRecords.Hostile;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: hostile and malformed records and headers – on the main topic, on a retry topic and straight on the
 * dead-letter topic – interleaved with real recharges on the same partitions, against the packaged services.
 * Guards the robustness promise of SPEC.md: no single record, field value or header stops a channel; whatever cannot
 * be processed is dead-lettered once with its reason and the consumer goes on; the good results are credited exactly
 * once; and a restart finds nothing left to choke on.
 *
 * <p>"No consumer restarted" is read from the broker: the member ids of account-service's three consumer groups are
 * the same at the end as after start-up. A Kafka member keeps its id across rebalances; a consumer that broke and was
 * recreated (the retry loop's self-restart), or that stopped polling and was evicted, comes back with a new one.
 * Liveness and readiness are probed every 200 ms for the whole run: a failed channel shows there at once.
 *
 * <p>Everything is checked and reported together (soft assertions), so one run against a broken service lists every
 * way it broke, not only the first.
 */
class HostileRecordsIT {

    private static final int GOOD = 360;
    private static final int ACCOUNTS = 12;
    private static final String LADDER = "1s,2s";
    /** How long everything may take to settle once the last record is sent: a handful of ladder steps and commits. */
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(60);
    /** The same after the restart, where nothing new arrives. */
    private static final Duration SETTLES_AFTER_RESTART = Duration.ofSeconds(30);

    @Test
    void everyHostileRecordIsDeadLetteredOnceAndNoConsumerStops() throws SQLException {
        Instant started = Instant.now();
        SoftAssertions softly = new SoftAssertions();
        try (HostileSystem system = HostileSystem.start("hostile_records", LADDER, ACCOUNTS);
                RawProducer producer = new RawProducer()) {
            HealthWatch health = HealthWatch.liveAndReady(system.accountService().baseUrl());
            Map<String, Set<String>> membersAtStart = system.groups()
                    .awaitStableMembers(HostileSystem.expectedMembers(), Duration.ofSeconds(60));
            List<Hostile> catalogue = HostileRecords.catalogue(system.accounts(), system.ladder().topic(0));
            List<Sent> sent = new ArrayList<>();
            try (GoodRecharges good = GoodRecharges.start(system.rechargeService().baseUrl(), system.accounts(),
                    GOOD)) {
                for (int i = 0; i < catalogue.size(); i++) {
                    good.awaitAccepted((i + 1) * GOOD / (catalogue.size() + 1));
                    Hostile hostile = catalogue.get(i);
                    Instant at = Instant.now();
                    sent.add(new Sent(hostile, producer.send(hostile.record()), at));
                }
                good.awaitAll();
                Instant deadline = Instant.now().plus(SETTLES_WITHIN);

                boolean invariantsHold = HostileSystem.settles("invariants hold", deadline,
                        () -> system.discrepancies().isEmpty());
                softly.assertThat(invariantsHold ? List.of() : HostileSystem.firstOf(system.discrepancies(), 20))
                        .as("discrepancies the invariant checker finds").isEmpty();
                softly.assertThat(system.balancesOtherThan(good.expectedCredits()))
                        .as("accounts whose balance is not the sum of their recharges").isEmpty();

                HostileSystem.settles("every hostile record dead-lettered", deadline,
                        () -> missing(sent, DeadLetters.all(system.accountService().baseUrl())).isEmpty());
                List<Letter> letters = DeadLetters.all(system.accountService().baseUrl());
                checkDeadLetters(softly, sent, letters);

                system.assertCaughtUp(softly, "consumer groups caught up", deadline, membersAtStart);
            } finally {
                health.close();
            }
            softly.assertThat(health.actedOn()).as("health probes failing as often as Kubernetes acts on (%d of %d "
                    + "failed: %s)", health.failureCount(), health.probes(), HostileSystem.firstOf(health.failures(), 5))
                    .isEmpty();

            int deadLettersBefore = DeadLetters.all(system.accountService().baseUrl()).size();
            afterARestart(softly, system, deadLettersBefore);
            report(sent, DeadLetters.all(system.accountService().baseUrl()), system, started);
        }
        softly.assertAll();
    }

    /** account-service stopped and started again: no crash loop, nothing left to consume, nothing dead-lettered twice. */
    private static void afterARestart(SoftAssertions softly, HostileSystem system, int deadLettersBefore) {
        try {
            system.restartAccountService();
        } catch (RuntimeException e) {
            softly.fail("account-service did not start again: " + e.getMessage());
            return;
        }
        softly.assertThat(HealthWatch.settlesHealthy(system.accountService().baseUrl(), Duration.ofSeconds(10),
                SETTLES_AFTER_RESTART))
                .as("account-service live and ready after the restart, and staying so (no crash loop)").isTrue();
        boolean caughtUp = HostileSystem.settles("consumer groups caught up after the restart",
                Instant.now().plus(SETTLES_AFTER_RESTART),
                () -> system.groups().lag().isEmpty());
        softly.assertThat(caughtUp ? Map.of() : system.groups().lag())
                .as("partitions behind after the restart").isEmpty();
        softly.assertThat(DeadLetters.all(system.accountService().baseUrl()).size())
                .as("dead letters after the restart (none stored twice)").isEqualTo(deadLettersBefore);
    }

    private static void checkDeadLetters(SoftAssertions softly, List<Sent> sent, List<Letter> letters) {
        List<String> missing = missing(sent, letters);
        softly.assertThat(missing).as("hostile records with no dead letter (%d of %d)", missing.size(), sent.size())
                .isEmpty();
        for (Sent each : sent) {
            List<Letter> found = lettersOf(each, letters);
            if (found.isEmpty()) {
                continue;
            }
            softly.assertThat(found.size()).as("dead letters of '%s' (%s)", each.hostile().kind(), each.origin())
                    .isEqualTo(1);
            Letter letter = found.get(0);
            softly.assertThat(letter.lastError()).as("lastError of '%s'", each.hostile().kind()).isNotBlank();
            softly.assertThat(letter.errorClass()).as("errorClass of '%s'", each.hostile().kind()).isNotBlank();
            if (each.hostile().record().value() != null
                    && each.hostile().record().value().length >= HostileRecords.NEAR_ONE_MB) {
                softly.assertThat(letter.payload()).as("stored payload of '%s'", each.hostile().kind())
                        .isEqualTo(each.hostile().text());
            }
            if (each.hostile().dueWithinStep()) {
                softly.assertThat(Duration.between(each.at(), letter.deadAt()))
                        .as("'%s' dead-lettered within about one ladder step", each.hostile().kind())
                        .isLessThan(Duration.ofSeconds(15));
            }
        }
    }

    private static List<String> missing(List<Sent> sent, List<Letter> letters) {
        return sent.stream().filter(each -> lettersOf(each, letters).isEmpty())
                .map(each -> each.hostile().kind() + " (" + each.origin() + ")").toList();
    }

    private static List<Letter> lettersOf(Sent sent, List<Letter> letters) {
        return letters.stream().filter(letter -> sent.origin().equals(letter.origin())).toList();
    }

    private static void report(List<Sent> sent, List<Letter> letters, HostileSystem system, Instant started) {
        StringBuilder lines = new StringBuilder();
        for (Sent each : sent) {
            List<Letter> found = lettersOf(each, letters);
            lines.append("\n  %-48s %-40s dead letters %d %s".formatted(each.hostile().kind(), each.origin(),
                    found.size(), found.stream().map(letter -> letter.errorClass() + ": " + abbreviate(
                            letter.lastError())).collect(Collectors.joining("; "))));
        }
        System.out.printf("[hostile] %d hostile records of %d kinds (1 each), %d good recharges, %d credited, "
                + "%d dead letters, took %ds%s%n", sent.size(), sent.stream().map(s -> s.hostile().kind()).distinct()
                .count(), GOOD, system.credited(), letters.size(), Duration.between(started, Instant.now()).toSeconds(),
                lines);
    }

    private static String abbreviate(String text) {
        return text == null ? "-" : text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    /** A hostile record as the broker took it, and when. */
    private record Sent(Hostile hostile, RecordMetadata metadata, Instant at) {

        Origin origin() {
            return new Origin(metadata.topic(), metadata.partition(), metadata.offset());
        }
    }
}
