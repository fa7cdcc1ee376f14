package io.rechargenotify.callback.endpoint;

import io.quarkus.logging.Log;
import io.rechargenotify.callback.config.CallbackConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Registering and changing receivers' endpoints. A URL is checked against {@link TargetPolicy} (which resolves its
 * host, so on a worker thread) before anything is stored: a refused URL leaves no row behind.
 */
@ApplicationScoped
public class EndpointService {

    private final EndpointRepository repository;
    private final TargetPolicy targets;
    private final SigningSecrets secrets;
    private final Clock clock;
    private final CallbackConfig.Secrets config;

    public EndpointService(EndpointRepository repository, TargetPolicy targets, SigningSecrets secrets, Clock clock,
            CallbackConfig config) {
        this.repository = repository;
        this.targets = targets;
        this.secrets = secrets;
        this.clock = clock;
        this.config = config.secrets();
    }

    /** What a receiver asks for; null filters mean everything. */
    public record Registration(String url, List<String> accountNos, List<String> eventTypes, String description) {
    }

    public Uni<Endpoint> create(Registration registration) {
        return checked(registration.url()).chain(url -> {
            Instant now = clock.instant();
            return repository.insert(new Endpoint(UUID.randomUUID(), url, distinct(registration.accountNos()),
                    distinct(registration.eventTypes()), registration.description(), secrets.generate(), null, null,
                    true, null, null, null, null, 0, null, now, now));
        }).invoke(endpoint -> Log.infof("Endpoint %s registered for %s", endpoint.id(), endpoint.url()));
    }

    public Uni<Endpoint> get(UUID id) {
        return repository.find(id).map(found -> found.orElseThrow(() -> new EndpointNotFoundException(id)));
    }

    public Uni<List<Endpoint>> list(UUID after, int limit) {
        return repository.list(after, limit);
    }

    /** Changes only what the change names (null: unchanged); a new URL is checked like a new endpoint's. */
    public Uni<Endpoint> update(UUID id, Registration change) {
        return get(id).chain(current -> (change.url() == null ? Uni.createFrom().item(current.url())
                : checked(change.url()))
                .chain(url -> repository.update(id, url,
                        change.accountNos() == null ? current.accountNos() : distinct(change.accountNos()),
                        change.eventTypes() == null ? current.eventTypes() : distinct(change.eventTypes()),
                        change.description() == null ? current.description() : emptyToNull(change.description()),
                        clock.instant())))
                .map(updated -> updated.orElseThrow(() -> new EndpointNotFoundException(id)));
    }

    public Uni<Void> delete(UUID id) {
        return repository.delete(id).invoke(deleted -> {
            if (!deleted) {
                throw new EndpointNotFoundException(id);
            }
            Log.infof("Endpoint %s deleted with its deliveries", id);
        }).replaceWithVoid();
    }

    /** A new secret; the current one keeps signing beside it for the configured overlap. */
    public Uni<Endpoint> rotateSecret(UUID id) {
        Instant now = clock.instant();
        return repository.rotate(id, secrets.generate(), now.plus(config.rotationOverlap()), now)
                .map(rotated -> rotated.orElseThrow(() -> new EndpointNotFoundException(id)))
                .invoke(endpoint -> Log.infof("Endpoint %s secret rotated; the previous one signs until %s", id,
                        endpoint.previousSecretExpiresAt()));
    }

    /** Enabled again with a closed circuit: its PENDING deliveries are claimed again, its FAILED ones need recover. */
    public Uni<Endpoint> enable(UUID id, String by) {
        return repository.enable(id, clock.instant())
                .map(enabled -> enabled.orElseThrow(() -> new EndpointNotFoundException(id)))
                .invoke(endpoint -> Log.infof("Endpoint %s enabled by %s", id, by));
    }

    /** Stops calling the endpoint; its deliveries wait (new ones too) until it is enabled. */
    public Uni<Endpoint> disable(UUID id, String reason, String by) {
        return repository.disable(id, reason, by, clock.instant())
                .map(disabled -> disabled.orElseThrow(() -> new EndpointNotFoundException(id)))
                .invoke(endpoint -> Log.infof("Endpoint %s disabled by %s: %s", id, by, reason));
    }

    private Uni<String> checked(String url) {
        targets.parse(url); // the quick refusals without a worker thread
        return Uni.createFrom().item(() -> targets.check(url).toString())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of() : values.stream().distinct().toList();
    }

    private static String emptyToNull(String text) {
        return text.isBlank() ? null : text;
    }
}
