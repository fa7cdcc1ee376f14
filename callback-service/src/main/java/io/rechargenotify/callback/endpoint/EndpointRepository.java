package io.rechargenotify.callback.endpoint;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every statement on the {@code endpoint} table. */
@ApplicationScoped
public class EndpointRepository {

    private static final String INSERTED = "id, url, account_nos, event_types, description, secret, previous_secret,"
            + " previous_secret_expires_at, enabled, disabled_reason, disabled_at, created_at, updated_at";
    private static final String COLUMNS = INSERTED + ", disabled_by, failing_since, consecutive_failures,"
            + " paused_until";

    private final Pool pool;

    public EndpointRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Endpoint> insert(Endpoint endpoint) {
        return pool.preparedQuery("INSERT INTO endpoint (" + INSERTED + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12, $13) RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { endpoint.id(), endpoint.url(), array(endpoint.accountNos()),
                        array(endpoint.eventTypes()), endpoint.description(), endpoint.secret(),
                        endpoint.previousSecret(), time(endpoint.previousSecretExpiresAt()), endpoint.enabled(),
                        endpoint.disabledReason(), time(endpoint.disabledAt()), time(endpoint.createdAt()),
                        time(endpoint.updatedAt()) }))
                .map(rows -> single(rows).orElseThrow());
    }

    public Uni<Optional<Endpoint>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM endpoint WHERE id = $1").execute(Tuple.of(id))
                .map(EndpointRepository::single);
    }

    /** A page in id order, after the given id (keyset). */
    public Uni<List<Endpoint>> list(UUID after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM endpoint WHERE $1::uuid IS NULL OR id > $1"
                        + " ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit))
                .map(EndpointRepository::all);
    }

    /** Replaces the receiver-editable fields; the secrets and the enabled state are changed by their own calls. */
    public Uni<Optional<Endpoint>> update(UUID id, String url, List<String> accountNos, List<String> eventTypes,
            String description, Instant now) {
        return pool.preparedQuery("UPDATE endpoint SET url = $2, account_nos = $3, event_types = $4,"
                        + " description = $5, updated_at = $6 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] { id, url, array(accountNos), array(eventTypes), description,
                        time(now) }))
                .map(EndpointRepository::single);
    }

    public Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM endpoint WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The new secret signs from now on; the current one becomes the previous one until {@code previousUntil}. */
    public Uni<Optional<Endpoint>> rotate(UUID id, String newSecret, Instant previousUntil, Instant now) {
        return pool.preparedQuery("UPDATE endpoint SET previous_secret = secret, previous_secret_expires_at = $3,"
                        + " secret = $2, updated_at = $4 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, newSecret, time(previousUntil), time(now)))
                .map(EndpointRepository::single);
    }

    /**
     * Enabled again, its run of failures and its circuit forgotten: its waiting deliveries are due as they were (its
     * FAILED ones wait for a recover).
     */
    public Uni<Optional<Endpoint>> enable(UUID id, Instant now) {
        return pool.preparedQuery("UPDATE endpoint SET enabled = true, disabled_reason = NULL, disabled_at = NULL,"
                        + " disabled_by = NULL, failing_since = NULL, consecutive_failures = 0, paused_until = NULL,"
                        + " updated_at = $2 WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, time(now)))
                .map(EndpointRepository::single);
    }

    /** Disabled by an operator: nothing is claimed for it, new results still become deliveries that wait. */
    public Uni<Optional<Endpoint>> disable(UUID id, String reason, String by, Instant now) {
        return pool.preparedQuery("UPDATE endpoint SET enabled = false, disabled_reason = $2, disabled_by = $3,"
                        + " disabled_at = CASE WHEN enabled THEN $4 ELSE disabled_at END, updated_at = $4"
                        + " WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, reason, by, time(now)))
                .map(EndpointRepository::single);
    }

    /** How many endpoints there are, how many are disabled, and how many have an open circuit (paused now). */
    public record Census(long total, long disabled, long paused) {
    }

    public Uni<Census> census(Instant now) {
        return pool.preparedQuery("SELECT count(*) AS total, count(*) FILTER (WHERE NOT enabled) AS disabled,"
                        + " count(*) FILTER (WHERE enabled AND paused_until > $1) AS paused FROM endpoint")
                .execute(Tuple.of(time(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Census(row.getLong("total"), row.getLong("disabled"), row.getLong("paused"));
                });
    }

    private static Optional<Endpoint> single(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(endpoint(iterator.next())) : Optional.empty();
    }

    private static List<Endpoint> all(RowSet<Row> rows) {
        List<Endpoint> endpoints = new ArrayList<>();
        rows.forEach(row -> endpoints.add(endpoint(row)));
        return endpoints;
    }

    private static Endpoint endpoint(Row row) {
        return new Endpoint(row.getUUID("id"), row.getString("url"),
                List.of(row.getArrayOfStrings("account_nos")), List.of(row.getArrayOfStrings("event_types")),
                row.getString("description"), row.getString("secret"), row.getString("previous_secret"),
                instant(row, "previous_secret_expires_at"), row.getBoolean("enabled"),
                row.getString("disabled_reason"), instant(row, "disabled_at"), row.getString("disabled_by"),
                instant(row, "failing_since"), row.getInteger("consecutive_failures"), instant(row, "paused_until"),
                instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }
}
