package io.rechargenotify.callback.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Bodies a native executable must serialise although no REST signature names them: views inside a Response. */
@RegisterForReflection(targets = { EndpointView.class })
final class ApiReflection {

    private ApiReflection() {
    }
}
