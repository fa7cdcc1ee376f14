package io.rechargenotify.shared.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Makes a {@code @QuarkusTest}'s service verify bearer tokens with this JVM's test key ({@link TestTokens}). */
public class JwtKeysResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey", TestTokens.publicKey());
    }

    @Override
    public void stop() {
        // the keys die with the JVM
    }
}
