package io.rechargenotify.callback.endpoint;

import java.util.UUID;

/** No endpoint has this id (or it was deleted). */
public class EndpointNotFoundException extends RuntimeException {

    public EndpointNotFoundException(UUID id) {
        super("no endpoint " + id);
    }
}
