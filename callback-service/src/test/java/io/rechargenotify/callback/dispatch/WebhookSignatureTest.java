package io.rechargenotify.callback.dispatch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpHeaders;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures checked by the Standard Webhooks reference library – an implementation no one here wrote. */
class WebhookSignatureTest {

    private static final String BODY = "{\"eventId\":\"e\",\"amount\":\"10.00\",\"note\":\"充值\"}";

    @Test
    void theReferenceLibraryAcceptsOurSignature() {
        String secret = secret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(List.of(secret), "msg_1", now, BODY);
        assertThatCode(() -> new Webhook(secret).verify(BODY, headers("msg_1", now, header)))
                .doesNotThrowAnyException();
    }

    @Test
    void duringRotationEitherSecretVerifies() {
        String current = secret();
        String previous = secret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(List.of(current, previous), "msg_2", now, BODY);
        assertThatCode(() -> new Webhook(current).verify(BODY, headers("msg_2", now, header)))
                .doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(previous).verify(BODY, headers("msg_2", now, header)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(secret()).verify(BODY, headers("msg_2", now, header)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void aChangedBodyIdOrTimestampFails() {
        String secret = secret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(List.of(secret), "msg_3", now, BODY);
        Webhook webhook = new Webhook(secret);
        assertThatThrownBy(() -> webhook.verify(BODY + " ", headers("msg_3", now, header)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> webhook.verify(BODY, headers("msg_4", now, header)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> webhook.verify(BODY, headers("msg_3", now - 1, header)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    static HttpHeaders headers(String id, long timestamp, String signature) {
        return HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature)), (name, value) -> true);
    }
}
