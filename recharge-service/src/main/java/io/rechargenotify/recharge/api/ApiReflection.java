package io.rechargenotify.recharge.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Bodies a native executable must (de)serialise although the REST signatures hide them behind Response. */
@RegisterForReflection(targets = { RechargeView.class, RechargePage.class, CreateRechargeRequest.class })
final class ApiReflection {

    private ApiReflection() {
    }
}
