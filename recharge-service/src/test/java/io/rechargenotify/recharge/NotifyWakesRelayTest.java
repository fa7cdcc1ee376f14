package io.rechargenotify.recharge;

import static io.rechargenotify.recharge.RechargeRequests.freshAccount;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rechargenotify.shared.testing.JwtKeysResource;
import io.rechargenotify.shared.testing.KafkaBrokerResource;
import io.rechargenotify.shared.testing.PostgresDatabaseResource;
import io.rechargenotify.shared.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With polling all but switched off, only the commit's NOTIFY can get a result published this fast. The profile also
 * sweeps retention every second, so the retention of published rows can be watched too.
 */
@QuarkusTest
@WithTestResource(JwtKeysResource.class)
@TestProfile(NotifyWakesRelayTest.PollHourly.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = RechargeDb.DATABASE))
class NotifyWakesRelayTest {

    @BeforeAll
    static void authorize() {
        TestTokens.authorizeAllCalls();
    }

    public static class PollHourly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recharge.relay.poll-interval", "1h",
                    "recharge.relay.retention-sweep-interval", "1s",
                    "recharge.relay.retention", "P1D");
        }
    }

    @Test
    void retentionDeletesPublishedRowsOlderThanItAndKeepsTheRest() {
        String account = freshAccount("RETAIN");
        UUID old = RechargeRequests.post(account, "1.00");
        UUID recent = RechargeRequests.post(account, "1.00");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> RechargeDb.published(List.of(old, recent)) == 2);
        RechargeDb.backdatePublished(old, Duration.ofDays(2));

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> RechargeDb.count("SELECT count(*) FROM outbox WHERE tx_no = ANY(?)", List.of(old)) == 0);
        assertThat(RechargeDb.published(List.of(recent))).isEqualTo(1);
    }

    @Test
    void commitNotificationWakesTheRelayWithoutPolling() {
        String account = freshAccount("NOTIFY");
        for (int i = 0; i < 3; i++) {
            UUID txNo = RechargeRequests.post(account, "1.00");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RechargeDb.published(List.of(txNo)) == 1);
        }
    }
}
