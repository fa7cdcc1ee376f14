package io.rechargenotify.account.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.EventSignatureException;
import io.rechargenotify.shared.testing.TestEventKeys;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The migration switch lets unsigned results through, and nothing else. */
class EventVerifierTest {

    private static final String PAYLOAD = "{\"txNo\":\"x\"}";
    private static final Map<String, EventSignature.Key> KEYS = Map.of(TestEventKeys.KEY_ID, TestEventKeys.KEY);

    @Test
    void byDefaultAnUnsignedResultIsRefused() {
        EventVerifier verifier = new EventVerifier(KEYS, false, new SimpleMeterRegistry());

        assertThatThrownBy(() -> verifier.verify(PAYLOAD, null)).isInstanceOf(EventSignatureException.class);
        assertThatCode(() -> verifier.verify(PAYLOAD, EventSignature.sign(TestEventKeys.KEY, PAYLOAD)))
                .doesNotThrowAnyException();
    }

    @Test
    void theMigrationSwitchAcceptsUnsignedResultsCountedButStillRefusesWrongSignatures() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventVerifier verifier = new EventVerifier(KEYS, true, meters);

        assertThatCode(() -> verifier.verify(PAYLOAD, null)).doesNotThrowAnyException();
        assertThat(meters.counter("recharge.results.unsigned.accepted").count()).isEqualTo(1);
        String forOtherPayload = EventSignature.sign(TestEventKeys.KEY, "{}");
        assertThatThrownBy(() -> verifier.verify(PAYLOAD, forOtherPayload))
                .isInstanceOf(EventSignatureException.class);
        assertThatThrownBy(() -> verifier.verify(PAYLOAD, "garbage")).isInstanceOf(EventSignatureException.class);
        // never on a replay: that would credit every unsigned record ever written to the dead-letter topic
        assertThatThrownBy(() -> verifier.verifyStrictly(PAYLOAD, null)).isInstanceOf(EventSignatureException.class);
    }
}
