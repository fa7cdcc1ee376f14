package io.rechargenotify.recharge.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class PublishFailuresTest {

    @Test
    void recordProblemsArePermanentEvenWhenWrapped() {
        assertThat(PublishFailures.isPermanent(new RecordTooLargeException("2 MB"))).isTrue();
        assertThat(PublishFailures.isPermanent(new ExecutionException(new SerializationException("bad")))).isTrue();
    }

    @Test
    void aRecordHeldBackBehindAnotherIsRetriedWhateverStoppedTheBatch() {
        assertThat(PublishFailures.isPermanent(
                new RelayProducer.NotSentException(new RecordTooLargeException("earlier")))).isFalse();
    }

    @Test
    void brokerAndAccessProblemsAreTransient() {
        assertThat(PublishFailures.isPermanent(new TimeoutException("no metadata"))).isFalse();
        assertThat(PublishFailures.isPermanent(new NetworkException("down"))).isFalse();
        assertThat(PublishFailures.isPermanent(new TopicAuthorizationException("not yet granted"))).isFalse();
    }

    @Test
    void describesTheInnermostCauseInOneLine() {
        assertThat(PublishFailures.describe(new ExecutionException(new TimeoutException("no metadata"))))
                .isEqualTo("TimeoutException: no metadata");
    }

    @Test
    void aStatementCancelledByItsTimeLimitOrAPassThatTimedOutIsHung() {
        assertThat(PublishFailures.isHung(new java.util.concurrent.CompletionException(
                new java.sql.SQLException("canceling statement due to statement timeout", "57014")))).isTrue();
        assertThat(PublishFailures.isHung(new io.vertx.pgclient.PgException("canceling statement", "ERROR",
                "57014", null))).isTrue();
        assertThat(PublishFailures.isHung(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @Test
    void anUnreachableDatabaseOrBrokerIsNotHung() {
        assertThat(PublishFailures.isHung(new java.net.ConnectException("Connection refused"))).isFalse();
        assertThat(PublishFailures.isHung(new java.sql.SQLException("the database system is shutting down",
                "57P03"))).isFalse();
        assertThat(PublishFailures.isHung(new TimeoutException("no metadata"))).isFalse();
    }
}
