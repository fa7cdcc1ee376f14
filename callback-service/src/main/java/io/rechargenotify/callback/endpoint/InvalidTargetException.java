package io.rechargenotify.callback.endpoint;

/** An endpoint URL callback-service will not call: malformed, not https where required, or an internal address. */
public class InvalidTargetException extends RuntimeException {

    public InvalidTargetException(String message) {
        super(message);
    }
}
