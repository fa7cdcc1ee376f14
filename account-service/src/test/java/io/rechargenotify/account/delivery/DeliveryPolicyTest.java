package io.rechargenotify.account.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.rechargenotify.account.ledger.PermanentFailure;
import io.rechargenotify.shared.event.EventHeaders;
import io.rechargenotify.shared.event.EventSignatureException;
import io.rechargenotify.shared.event.RetryLadder;
import io.rechargenotify.shared.event.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The retry policy's arithmetic, and that no header value can make it throw or wait for ever. */
class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String SIGNATURE = "v1,k1,c2ln";
    private final DeliveryPolicy policy = new DeliveryPolicy(RetryLadder.parse("1m,5m"));

    @Test
    void attemptFollowsFromTheTopicNotFromTheHeader() {
        assertThat(policy.attemptOn("recharge-results")).isEqualTo(1);
        assertThat(policy.attemptOn("recharge-results.retry-1m")).isEqualTo(2);
        assertThat(policy.attemptOn("recharge-results.retry-5m")).isEqualTo(3);
        ConsumedRecord forged = record("recharge-results.retry-1m", NOW, EventHeaders.ATTEMPT, "99");
        assertThat(policy.next(forged, new SQLException("down", "08006"), NOW).topic())
                .isEqualTo("recharge-results.retry-5m");
    }

    @Test
    void transientFailuresWalkTheLadderThenDeadLetter() {
        assertThat(policy.next(record("recharge-results", NOW), new SQLException("down", "08006"), NOW).topic())
                .isEqualTo("recharge-results.retry-1m");
        assertThat(policy.next(record("recharge-results.retry-5m", NOW), new SQLException("down", "08006"), NOW)
                .topic()).isEqualTo("recharge-results.dlt");
        assertThat(policy.next(record("recharge-results", NOW), new PermanentFailure("unknown account"), NOW)
                .topic()).isEqualTo("recharge-results.dlt");
    }

    @Test
    void badHeadersAreTreatedAsAbsent() {
        for (String[] header : new String[][] {
            { EventHeaders.ATTEMPT, "x" }, { EventHeaders.ATTEMPT, "-1" }, { EventHeaders.ATTEMPT, "99999999999" },
            { EventHeaders.FIRST_FAILURE_AT, "+200000-01-01T00:00:00Z" },
            { EventHeaders.FIRST_FAILURE_AT, "-5000-01-01T00:00:00Z" }, { EventHeaders.FIRST_FAILURE_AT, "x" },
            { EventHeaders.ORIGINAL_PARTITION, "x" }, { EventHeaders.ORIGINAL_OFFSET, "-3" },
            { EventHeaders.ORIGINAL_TOPIC, "no spaces allowed" }, { EventHeaders.DUE_AT, "tomorrow" },
        }) {
            ConsumedRecord record = record("recharge-results.retry-1m", NOW, EventHeaders.ORIGINAL_TOPIC,
                    "recharge-results", EventHeaders.ORIGINAL_PARTITION, "3", EventHeaders.ORIGINAL_OFFSET, "42",
                    header[0], header[1]);
            ProducerRecord<String, String> next = policy.next(record, new SQLException("down", "08006"), NOW)
                    .record();
            assertThat(header(next, EventHeaders.ATTEMPT)).as("%s", (Object) header).isEqualTo("3");
            if (header[0].equals(EventHeaders.FIRST_FAILURE_AT)) {
                assertThat(header(next, EventHeaders.FIRST_FAILURE_AT)).isEqualTo(NOW.toString());
            }
            if (header[0].startsWith("rn-original")) {
                assertThat(header(next, EventHeaders.ORIGINAL_TOPIC)).isEqualTo("recharge-results.retry-1m");
                assertThat(header(next, EventHeaders.ORIGINAL_OFFSET)).isEqualTo("7");
            }
        }
    }

    @Test
    void aValidOriginTravelsUnchanged() {
        ConsumedRecord record = record("recharge-results.retry-1m", NOW, EventHeaders.ORIGINAL_TOPIC,
                "recharge-results", EventHeaders.ORIGINAL_PARTITION, "3", EventHeaders.ORIGINAL_OFFSET, "42");
        ProducerRecord<String, String> next = policy.next(record, new SQLException("down", "08006"), NOW).record();
        assertThat(header(next, EventHeaders.ORIGINAL_TOPIC)).isEqualTo("recharge-results");
        assertThat(header(next, EventHeaders.ORIGINAL_PARTITION)).isEqualTo("3");
        assertThat(header(next, EventHeaders.ORIGINAL_OFFSET)).isEqualTo("42");
    }

    @Test
    void aFarFutureDueTimeIsClampedToOneStepAfterTheRecordWasWrittenOrSeen() {
        Instant written = NOW.minusSeconds(10);
        ConsumedRecord farFuture = record("recharge-results.retry-5m", written, EventHeaders.DUE_AT,
                "+100000-01-01T00:00:00Z");
        assertThat(policy.dueAt(farFuture, NOW)).isEqualTo(written.plus(Duration.ofMinutes(5)));
        ConsumedRecord futureTimestamp = record("recharge-results.retry-5m", Instant.parse("2999-01-01T00:00:00Z"),
                EventHeaders.DUE_AT, "2999-01-01T00:05:00Z");
        assertThat(policy.dueAt(futureTimestamp, NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aMissingOrUnreadableDueTimeIsOneStepAfterTheRecordWasWritten() {
        Instant written = NOW.minusSeconds(10);
        assertThat(policy.dueAt(record("recharge-results.retry-1m", written), NOW))
                .isEqualTo(written.plus(Duration.ofMinutes(1)));
        assertThat(policy.dueAt(record("recharge-results.retry-1m", written, EventHeaders.DUE_AT, "x"), NOW))
                .isEqualTo(written.plus(Duration.ofMinutes(1)));
        // before any record could have been written: as unreadable (and Duration arithmetic on it would overflow)
        assertThat(policy.dueAt(record("recharge-results.retry-1m", written, EventHeaders.DUE_AT,
                "1000-01-01T00:00:00Z"), NOW)).isEqualTo(written.plus(Duration.ofMinutes(1)));
        Instant early = NOW.minusSeconds(5);
        assertThat(policy.dueAt(record("recharge-results.retry-1m", written, EventHeaders.DUE_AT, early.toString()),
                NOW)).isEqualTo(early);
    }

    @Test
    void aRecordWithoutAValidSignatureGoesStraightToTheDeadLetterTopicNamedAsSuch() {
        DeliveryPolicy.Routed routed = policy.next(record("recharge-results", NOW),
                new EventSignatureException("no rn-signature header"), NOW);
        assertThat(routed.topic()).isEqualTo(Topics.RECHARGE_RESULTS_DLT);
        assertThat(header(routed.record(), EventHeaders.ERROR_CLASS)).isEqualTo("signature");
        assertThat(header(routed.record(), EventHeaders.LAST_ERROR)).isEqualTo("signature: no rn-signature header");
    }

    @Test
    void theSignatureTravelsUnchangedSoEveryLaterAttemptChecksItAgain() {
        ProducerRecord<String, String> retry = policy.next(record("recharge-results", NOW),
                new SQLException("down", "08006"), NOW).record();
        ProducerRecord<String, String> dead = policy.next(record("recharge-results", NOW),
                new PermanentFailure("unknown account"), NOW).record();
        assertThat(header(retry, EventHeaders.SIGNATURE)).isEqualTo(SIGNATURE);
        assertThat(header(dead, EventHeaders.SIGNATURE)).isEqualTo(SIGNATURE);
    }

    @Test
    void errorTextInHeadersIsBounded() {
        String longError = "e".repeat(5000) + "\u0000";
        ProducerRecord<String, String> next = policy.next(record("recharge-results", NOW),
                new PermanentFailure(longError), NOW).record();
        assertThat(header(next, EventHeaders.LAST_ERROR)).hasSize(RetryHeaders.MAX_ERROR_LENGTH).doesNotContain("\u0000");
    }

    private static ConsumedRecord record(String topic, Instant timestamp, String... headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            kafkaHeaders.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumedRecord(topic, 0, 7, timestamp, "ACC-1", "{}", SIGNATURE,
                RetryHeaders.read(kafkaHeaders, NOW), Context.root());
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
