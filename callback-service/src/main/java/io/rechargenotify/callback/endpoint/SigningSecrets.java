package io.rechargenotify.callback.endpoint;

import io.rechargenotify.callback.config.CallbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;

/** Makes endpoint signing secrets in the Standard Webhooks form: {@code whsec_} and the base64 of random bytes. */
@ApplicationScoped
public class SigningSecrets {

    public static final String PREFIX = "whsec_";

    private final SecureRandom random = new SecureRandom();
    private final int bytes;

    public SigningSecrets(CallbackConfig config) {
        this.bytes = config.secrets().bytes();
        if (bytes < 24 || bytes > 64) {
            throw new IllegalStateException("callback.secrets.bytes must be 24 to 64 (Standard Webhooks), not "
                    + bytes);
        }
    }

    public String generate() {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return PREFIX + Base64.getEncoder().encodeToString(secret);
    }
}
