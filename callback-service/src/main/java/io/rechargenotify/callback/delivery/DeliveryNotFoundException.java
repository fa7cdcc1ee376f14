package io.rechargenotify.callback.delivery;

import java.util.UUID;

/** No delivery has this id (or its endpoint was deleted with it). */
public class DeliveryNotFoundException extends RuntimeException {

    public DeliveryNotFoundException(UUID id) {
        super("no delivery " + id);
    }
}
