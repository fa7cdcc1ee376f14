package io.rechargenotify.account.rechargeapi;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The only way account-service calls recharge-service: every call is bounded in time, retried a little (all three
 * are safe to repeat: the txNo makes a submission idempotent), shed by a circuit breaker while the service is down,
 * and limited in concurrency. The values below are defaults; application.properties sets them
 * ({@code quarkus.fault-tolerance."<class>/<method>".<strategy>.<property>}).
 *
 * <p>A failed call is only ever a failed call: callers keep the recharge PENDING and ask again later. Answers
 * (404: no such recharge; another 4xx: refused) are not failures and neither trip the breaker nor are retried.
 */
@ApplicationScoped
public class RechargeGateway {

    /** The names of the circuit breakers, for metrics and {@code CircuitBreakerMaintenance}. */
    public static final String SUBMIT = "recharge-api-submit";
    public static final String FIND = "recharge-api-find";
    public static final String LIST = "recharge-api-list";

    private final RechargeApi api;

    public RechargeGateway(@RestClient RechargeApi api) {
        this.api = api;
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = { RechargeRejectedException.class,
            CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = RechargeRejectedException.class)
    @CircuitBreakerName(SUBMIT)
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<RemoteRecharge> submit(RemoteRechargeRequest request) {
        return api.submit(request);
    }

    /** The recharge, or empty when recharge-service has none with this txNo. */
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = { RechargeRejectedException.class,
            CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = RechargeRejectedException.class)
    @CircuitBreakerName(FIND)
    @Bulkhead(value = 16, waitingTaskQueue = 256)
    public Uni<Optional<RemoteRecharge>> find(UUID txNo) {
        return api.find(txNo).map(Optional::of)
                .onFailure(RechargeNotFoundAtSourceException.class).recoverWithItem(Optional.empty());
    }

    /** One page of the recharges completed in [from, to), in completion order. */
    @Timeout(10_000)
    @Retry(maxRetries = 3, delay = 500, jitter = 200, abortOn = { RechargeRejectedException.class,
            CircuitBreakerOpenException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = RechargeRejectedException.class)
    @CircuitBreakerName(LIST)
    @Bulkhead(value = 4, waitingTaskQueue = 16)
    public Uni<RemoteRechargePage> completed(Instant from, Instant to, String after, int limit) {
        return api.completed(from.toString(), to.toString(), after, limit);
    }
}
