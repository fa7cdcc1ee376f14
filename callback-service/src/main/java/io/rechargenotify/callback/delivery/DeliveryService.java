package io.rechargenotify.callback.delivery;

import io.quarkus.logging.Log;
import io.rechargenotify.callback.delivery.DeliveryRepository.Scope;
import io.rechargenotify.callback.endpoint.Endpoint;
import io.rechargenotify.callback.endpoint.EndpointNotFoundException;
import io.rechargenotify.callback.endpoint.EndpointRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What operators do with deliveries: page through an endpoint's or a recharge's, inspect one with its attempt log,
 * resend one, and recover an endpoint (resend its FAILED deliveries since a time). Every resend is recorded with who
 * asked.
 */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final Clock clock;

    public DeliveryService(DeliveryRepository deliveries, EndpointRepository endpoints, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * A page of an endpoint's deliveries, oldest first.
     *
     * @param after the id of the last delivery of the previous page (the page's {@code next}), null for the first
     * @throws EndpointNotFoundException no such endpoint
     * @throws IllegalArgumentException {@code after} is not a delivery of this endpoint
     */
    public Uni<List<Delivery>> page(UUID endpointId, DeliveryStatus status, UUID after, int limit) {
        return endpoint(endpointId).chain(endpoint -> page(Scope.ENDPOINT, endpointId, status, after, limit));
    }

    /**
     * A page of a recharge's deliveries to every endpoint, oldest first; empty when it has none.
     *
     * @param after the id of the last delivery of the previous page (the page's {@code next}), null for the first
     * @throws IllegalArgumentException {@code after} is not a delivery of this recharge
     */
    public Uni<List<Delivery>> ofRecharge(UUID txNo, UUID after, int limit) {
        return page(Scope.RECHARGE, txNo, null, after, limit);
    }

    private Uni<List<Delivery>> page(Scope scope, UUID id, DeliveryStatus status, UUID after, int limit) {
        Uni<DeliveryRepository.Cursor> cursor = after == null ? Uni.createFrom().nullItem()
                : deliveries.cursor(scope, id, after).map(found -> found.orElseThrow(() -> new IllegalArgumentException(
                        "after: " + after + " is not a delivery of " + scope.name().toLowerCase(Locale.ROOT) + " "
                                + id)));
        return cursor.chain(position -> deliveries.page(scope, id, status, position, limit));
    }

    public Uni<DeliveryDetail> get(UUID id) {
        return deliveries.detail(id).map(found -> found.orElseThrow(() -> new DeliveryNotFoundException(id)));
    }

    /**
     * A new attempt plan for the delivery, due now, whatever its status: FAILED (the plan ran out), SUCCEEDED (the
     * receiver asks for it again – it gets the same {@code webhook-id}, so an idempotent receiver is not confused) or
     * PENDING (waiting for a later retry). Refused while an attempt is in flight.
     *
     * @param by who asks (the token's subject), recorded with the resend
     * @throws DeliveryNotFoundException no such delivery
     * @throws AttemptInFlightException an attempt is being made right now
     */
    public Uni<DeliveryDetail> resend(UUID id, String by) {
        return deliveries.resend(id, by, clock.instant())
                .map(found -> found.orElseThrow(() -> new DeliveryNotFoundException(id)))
                .invoke(outcome -> {
                    if (!outcome.resent()) {
                        throw new AttemptInFlightException(id, outcome.nextAttemptAt());
                    }
                    Log.infof("Delivery %s (was %s) resent by %s", id, outcome.previousStatus(), by);
                })
                .chain(() -> get(id));
    }

    /** What a recover did. */
    public record Recovery(Endpoint endpoint, Instant since, Instant until, int resent, String by, Instant at) {
    }

    /**
     * Resends every FAILED delivery of the endpoint created since {@code since} (and before {@code until}, if given):
     * each gets a new attempt plan, due now. A disabled endpoint's stay waiting until it is enabled.
     *
     * @throws EndpointNotFoundException no such endpoint
     * @throws IllegalArgumentException since is in the future or not before until
     */
    public Uni<Recovery> recover(UUID endpointId, Instant since, Instant until, String by) {
        Instant now = clock.instant();
        if (since.isAfter(now)) {
            throw new IllegalArgumentException("since: " + since + " is in the future");
        }
        if (until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until");
        }
        return endpoint(endpointId)
                .chain(endpoint -> deliveries.recover(endpointId, since, until, by, now)
                        .map(resent -> new Recovery(endpoint, since, until, resent, by, now)))
                .invoke(recovery -> Log.infof("Endpoint %s recovered by %s: %d FAILED deliveries since %s resent%s",
                        endpointId, by, recovery.resent(), since,
                        recovery.endpoint().enabled() ? "" : " (they wait: the endpoint is disabled)"));
    }

    private Uni<Endpoint> endpoint(UUID id) {
        return endpoints.find(id).map(found -> found.orElseThrow(() -> new EndpointNotFoundException(id)));
    }
}
