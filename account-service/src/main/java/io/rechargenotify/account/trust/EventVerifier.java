package io.rechargenotify.account.trust;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.rechargenotify.account.config.AccountConfig;
import io.rechargenotify.shared.event.EventSignature;
import io.rechargenotify.shared.event.EventSignatureException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides whether a recharge result comes from recharge-service: its {@code rn-signature} must check against one of
 * the configured keys. Every delivery attempt (main and retry topics) and every dead-letter replay asks here before
 * the payload is read. Created at startup: without a key the service refuses to start, rather than dead-letter every
 * result it receives.
 */
@Startup
@ApplicationScoped
public class EventVerifier {

    private final Map<String, EventSignature.Key> keys;
    private final boolean acceptUnsigned;
    private final Counter unsignedAccepted;

    @Inject
    public EventVerifier(AccountConfig config, MeterRegistry meters,
            @ConfigProperty(name = "mp.messaging.incoming.recharge-results.enabled", defaultValue = "true")
            boolean consuming) {
        this(keys(config.events(), consuming), config.events().acceptUnsigned(), meters);
    }

    EventVerifier(Map<String, EventSignature.Key> keys, boolean acceptUnsigned, MeterRegistry meters) {
        this.keys = keys;
        this.acceptUnsigned = acceptUnsigned;
        this.unsignedAccepted = Counter.builder("recharge.results.unsigned.accepted")
                .description("Results applied without a signature while the migration switch was on")
                .register(meters);
        if (acceptUnsigned) {
            Log.warn("EVENT_ACCEPT_UNSIGNED is on: results without a signature are applied. It is a migration switch"
                    + " – switch it off once the events published before signing are consumed.");
        }
    }

    private static Map<String, EventSignature.Key> keys(AccountConfig.Events events, boolean consuming) {
        Map<String, EventSignature.Key> keys;
        try {
            keys = EventSignature.keys(events.verificationKeys().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("EVENT_VERIFICATION_KEYS (account.events.verification-keys): "
                    + e.getMessage(), e);
        }
        // The one-shot reconciliation (no consumers, no API) credits only what the recharge API says, and needs none.
        if (keys.isEmpty() && consuming) {
            throw new IllegalStateException("No event verification key: set EVENT_VERIFICATION_KEYS to "
                    + "<key id>:<base64 secret>[,…], the key(s) recharge-service signs with "
                    + "(account.events.verification-keys)");
        }
        Log.infof("Recharge results are verified with the event keys %s", keys.keySet());
        return keys;
    }

    /**
     * @param payload the record's value as consumed
     * @param signature its signature header, null when it has none
     * @throws EventSignatureException when the record does not prove where it comes from
     */
    public void verify(String payload, String signature) {
        if (signature == null && acceptUnsigned) {
            unsignedAccepted.increment();
            return;
        }
        verifyStrictly(payload, signature);
    }

    /**
     * The same, whatever the migration switch says: for a dead-letter replay, where a bulk replay would otherwise
     * credit every unsigned record ever written to the dead-letter topic. Results published before signing are
     * repaired by reconciliation against the recharge API instead.
     */
    public void verifyStrictly(String payload, String signature) {
        EventSignature.verify(signature, payload, keys);
    }

    /** Whether {@link #verifyStrictly} would pass, for a record that is only stored (a dead letter). */
    public boolean isGenuine(String payload, String signature) {
        try {
            verifyStrictly(payload, signature);
            return true;
        } catch (EventSignatureException e) {
            return false;
        }
    }
}
