package io.rechargenotify.shared.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSignatureTest {

    private static final String SECRET_A = Base64.getEncoder().encodeToString("a".repeat(32).getBytes());
    private static final String SECRET_B = Base64.getEncoder().encodeToString("b".repeat(32).getBytes());
    private static final EventSignature.Key KEY_A = EventSignature.Key.of("k1", SECRET_A);
    private static final String PAYLOAD = "{\"txNo\":\"x\",\"amount\":\"1.00\",\"note\":\"\u5145\u503c\"}";

    @Test
    void aSignedPayloadVerifiesWithItsKey() {
        String header = EventSignature.sign(KEY_A, PAYLOAD);

        assertThat(header).matches("v1,k1,[A-Za-z0-9+/]{43}=");
        assertThatCode(() -> EventSignature.verify(header, PAYLOAD, Map.of("k1", KEY_A))).doesNotThrowAnyException();
    }

    @Test
    void theSignatureIsTheHmacOfThePayloadAloneSoAnyProducerWithTheKeyCanMakeIt() throws Exception {
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(SECRET_A), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(PAYLOAD.getBytes("UTF-8")));

        assertThat(EventSignature.sign(KEY_A, PAYLOAD)).isEqualTo("v1,k1," + expected);
    }

    @Test
    void aChangedPayloadOrAnotherKeyIsRefused() {
        String header = EventSignature.sign(KEY_A, PAYLOAD);
        var keys = Map.of("k1", KEY_A);

        assertThatThrownBy(() -> EventSignature.verify(header, PAYLOAD.replace("1.00", "9.00"), keys))
                .isInstanceOf(EventSignatureException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> EventSignature.verify(header, PAYLOAD, Map.of("k1",
                EventSignature.Key.of("k1", SECRET_B)))).isInstanceOf(EventSignatureException.class);
        assertThatThrownBy(() -> EventSignature.verify(header, null, keys))
                .isInstanceOf(EventSignatureException.class);
    }

    @Test
    void missingMalformedAndUnknownKeySignaturesAreRefusedWithTheirReason() {
        var keys = Map.of("k1", KEY_A);
        String mac = EventSignature.sign(KEY_A, PAYLOAD).substring("v1,k1,".length());

        assertThatThrownBy(() -> EventSignature.verify(null, PAYLOAD, keys)).hasMessage("signature: no rn-signature header");
        assertThatThrownBy(() -> EventSignature.verify("v2,k1," + mac, PAYLOAD, keys)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> EventSignature.verify("v1,k1", PAYLOAD, keys)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> EventSignature.verify("v1,k1," + mac + ",x", PAYLOAD, keys))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> EventSignature.verify("v1,k1,%%%", PAYLOAD, keys)).hasMessageContaining("not base64");
        assertThatThrownBy(() -> EventSignature.verify("v1,k9," + mac, PAYLOAD, keys))
                .hasMessageContaining("unknown signing key id 'k9'");
        assertThatThrownBy(() -> EventSignature.verify("v1,k\u0000\n," + mac, PAYLOAD, keys))
                .hasMessageContaining("unknown signing key id '?'");
        assertThatThrownBy(() -> EventSignature.verify("v1,k1," + "A".repeat(500), PAYLOAD, keys))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> EventSignature.verify("v1,k1,", PAYLOAD, keys)).hasMessageContaining("does not match");
    }

    @Test
    void rotationVerifiesWithEveryListedKeyById() {
        var keys = EventSignature.keys("k1:" + SECRET_A + ", k2:" + SECRET_B);
        var keyB = EventSignature.Key.of("k2", SECRET_B);

        assertThatCode(() -> EventSignature.verify(EventSignature.sign(KEY_A, PAYLOAD), PAYLOAD, keys))
                .doesNotThrowAnyException();
        assertThatCode(() -> EventSignature.verify(EventSignature.sign(keyB, PAYLOAD), PAYLOAD, keys))
                .doesNotThrowAnyException();
        // Signed with k2's secret but claiming k1: refused.
        String claimsK1 = EventSignature.sign(keyB, PAYLOAD).replace("v1,k2,", "v1,k1,");
        assertThatThrownBy(() -> EventSignature.verify(claimsK1, PAYLOAD, keys))
                .isInstanceOf(EventSignatureException.class);
    }

    @Test
    void badKeyListsAreRefusedAndNeverShowTheSecret() {
        assertThatThrownBy(() -> EventSignature.keys("k1:" + SECRET_A + ",k1:" + SECRET_B))
                .hasMessage("event key 2 of the list: its key id is given twice");
        assertThatThrownBy(() -> EventSignature.keys("k1=" + SECRET_A)).hasMessageContaining("<key id>:<base64");
        assertThatThrownBy(() -> EventSignature.keys("k1:c2hvcnQ=")).hasMessageContaining("shorter than 32 bytes");
        assertThatThrownBy(() -> EventSignature.keys("k1:not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> EventSignature.keys("bad id:" + SECRET_A)).hasMessageContaining("key id");
        // id and secret swapped: the secret never shows in the message (nor in the log it ends in)
        assertThatThrownBy(() -> EventSignature.keys(SECRET_A + ":k1")).hasMessageNotContaining(SECRET_A)
                .hasMessageContaining("swapped");
        assertThatThrownBy(() -> EventSignature.Key.of(SECRET_A, "k1")).hasMessageNotContaining(SECRET_A);
        assertThat(KEY_A.toString()).isEqualTo("Key[k1]");
        assertThat(EventSignature.keys(" ")).isEmpty();
    }
}
