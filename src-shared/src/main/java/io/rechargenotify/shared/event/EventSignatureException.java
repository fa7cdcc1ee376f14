package io.rechargenotify.shared.event;

/**
 * A record that does not prove it came from recharge-service: no, a malformed, an unknown-key or a wrong signature.
 * Never applied; a permanent failure (dead letter, reason {@code signature}), since the same record fails the same
 * way every time.
 */
public class EventSignatureException extends RuntimeException {

    public EventSignatureException(String reason) {
        super("signature: " + reason);
    }
}
