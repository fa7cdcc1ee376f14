package io.rechargenotify.shared.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.rechargenotify.shared.event.RechargeEventType;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.rechargenotify.shared.problem.Problem;

/**
 * What a native executable must keep reflective access to although no REST signature names it: the event, read and
 * written by EventCodec's own mapper, and the problem body, returned inside a Response.
 */
@RegisterForReflection(targets = { RechargeResultEvent.class, RechargeEventType.class, Problem.class,
        Problem.Violation.class })
public final class SharedReflection {

    private SharedReflection() {
    }
}
