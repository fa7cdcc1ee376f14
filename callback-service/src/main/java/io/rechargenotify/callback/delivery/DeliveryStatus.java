package io.rechargenotify.callback.delivery;

/**
 * Where a delivery stands: PENDING (due at {@code nextAttemptAt}, or waiting for its endpoint to be enabled or its
 * circuit to close), SUCCEEDED (a 2xx acknowledged it), FAILED (its attempt plan ran out; resend or recover it).
 */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED
}
