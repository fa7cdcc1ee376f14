package io.rechargenotify.callback.delivery;

import java.time.Instant;
import java.util.UUID;

/** A resend while an attempt of the delivery is being made: resending now would call the receiver twice at once. */
public class AttemptInFlightException extends RuntimeException {

    public AttemptInFlightException(UUID id, Instant leaseEnds) {
        super("an attempt of delivery " + id + " is in flight (its lease ends at " + leaseEnds
                + "); resend after it is recorded");
    }
}
