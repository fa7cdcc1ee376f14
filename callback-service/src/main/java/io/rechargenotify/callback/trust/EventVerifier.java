package io.rechargenotify.callback.trust;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.EventSignatureException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Decides whether a recharge result comes from recharge-service, exactly as account-service does: its
 * {@code rn-signature} must check against one of the configured keys (shared {@link EventSignature}). Only a verified
 * result ever becomes a callback. Created at startup: without a key the service refuses to start rather than drop every
 * result it receives.
 */
@Startup
@ApplicationScoped
public class EventVerifier {

    private final Map<String, EventSignature.Key> keys;

    @Inject
    public EventVerifier(CallbackConfig config) {
        this(keys(config.events().verificationKeys().orElse("")));
    }

    EventVerifier(Map<String, EventSignature.Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("No event verification key: set EVENT_VERIFICATION_KEYS to "
                    + "<key id>:<base64 secret>[,…], the key(s) recharge-service signs with "
                    + "(callback.events.verification-keys)");
        }
        this.keys = keys;
        Log.infof("Recharge results are verified with the event keys %s", keys.keySet());
    }

    private static Map<String, EventSignature.Key> keys(String list) {
        try {
            return EventSignature.keys(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("EVENT_VERIFICATION_KEYS (callback.events.verification-keys): "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param payload the record's value as consumed
     * @param signature its signature header, null when it has none
     * @throws EventSignatureException when the record does not prove where it comes from
     */
    public void verify(String payload, String signature) {
        EventSignature.verify(signature, payload, keys);
    }
}
