package io.rechargenotify.callback.delivery;

import io.rechargenotify.shared.event.RechargeResultEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every statement on {@code delivery} and {@code delivery_attempt}: planned by intake, claimed by dispatch. */
@ApplicationScoped
public class DeliveryRepository {

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * One PENDING delivery, due now, for every endpoint whose filters match the result – enabled or not (a disabled
     * endpoint's deliveries wait for it). One statement, so all or none; {@code ON CONFLICT DO NOTHING} makes a
     * redelivered result add nothing.
     *
     * @return how many deliveries were new
     */
    public Uni<Integer> plan(RechargeResultEvent event, String payload, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO delivery (id, endpoint_id, event_id, tx_no, event_type, account_no, payload,
                                              status, attempts, next_attempt_at, created_at)
                        SELECT gen_random_uuid(), e.id, $1, $2, $3, $4, $5, 'PENDING', 0, $6, $6
                        FROM endpoint e
                        WHERE (cardinality(e.account_nos) = 0 OR $4 = ANY (e.account_nos))
                          AND (cardinality(e.event_types) = 0 OR $3 = ANY (e.event_types))
                        ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] { event.eventId(), event.txNo(), event.type().name(),
                        event.accountNo(), payload, time(now) }))
                .map(rows -> rows.rowCount());
    }

    /**
     * Claims due deliveries of enabled endpoints for one dispatcher: each gets its attempt number and is leased until
     * {@code leaseUntil} (its next_attempt_at), so no other dispatcher takes it meanwhile and it is due again if this
     * one dies. Rows locked by another dispatcher's claim are skipped, not waited for. Fair across endpoints: every
     * endpoint's oldest due delivery comes before any endpoint's second, and no endpoint gets more than its
     * remaining capacity ({@code remaining}, else {@code perEndpoint}).
     */
    public Uni<List<ClaimedDelivery>> claim(Instant now, Instant leaseUntil, int limit, int perEndpoint,
            Map<UUID, Integer> remaining) {
        UUID[] busy = remaining.keySet().toArray(UUID[]::new);
        Integer[] capacity = new Integer[busy.length];
        for (int i = 0; i < busy.length; i++) {
            capacity[i] = remaining.get(busy[i]);
        }
        return pool.preparedQuery("""
                        WITH ranked AS (
                            SELECT d.id, d.next_attempt_at,
                                   row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS rn,
                                   COALESCE(cap.remaining, $4) AS remaining
                            FROM delivery d
                            JOIN endpoint e ON e.id = d.endpoint_id AND e.enabled
                            LEFT JOIN unnest($5::uuid[], $6::int[]) AS cap (endpoint_id, remaining)
                                   ON cap.endpoint_id = d.endpoint_id
                            WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
                        ), picked AS (
                            SELECT id FROM ranked WHERE rn <= remaining ORDER BY rn, next_attempt_at LIMIT $3
                        ), claimed AS (
                            SELECT d.id FROM delivery d JOIN picked ON picked.id = d.id
                            WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
                            FOR UPDATE OF d SKIP LOCKED
                        )
                        UPDATE delivery d SET attempts = d.attempts + 1, next_attempt_at = $2
                        FROM claimed, endpoint e
                        WHERE d.id = claimed.id AND e.id = d.endpoint_id
                        RETURNING d.id, d.endpoint_id, d.event_id, d.payload, d.attempts, e.url, e.secret,
                                  e.previous_secret, e.previous_secret_expires_at""")
                .execute(Tuple.from(new Object[] { time(now), time(leaseUntil), limit, perEndpoint, busy,
                        capacity }))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime previousUntil = row.getOffsetDateTime("previous_secret_expires_at");
                        claimed.add(new ClaimedDelivery(row.getUUID("id"), row.getUUID("endpoint_id"),
                                row.getUUID("event_id"), row.getString("payload"), row.getInteger("attempts"),
                                row.getString("url"), row.getString("secret"), row.getString("previous_secret"),
                                previousUntil == null ? null : previousUntil.toInstant()));
                    }
                    return claimed;
                });
    }

    /**
     * Records an attempt's outcome: the attempt log row always (it happened), the delivery's new state only if it is
     * still this dispatcher's claim (same attempt number, still PENDING) – a dispatcher whose lease ran out must not
     * overwrite the outcome of the one that took the delivery over.
     *
     * @param nextAttemptAt when to try again; null with an unacknowledged attempt: the schedule is over, FAILED
     */
    public Uni<Void> record(ClaimedDelivery delivery, Attempt attempt, Instant nextAttemptAt) {
        boolean succeeded = attempt.acknowledged();
        String status = succeeded ? "SUCCEEDED" : nextAttemptAt == null ? "FAILED" : "PENDING";
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, http_status, error_kind,
                                                      latency_ms, response_excerpt)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(new Object[] { delivery.id(), delivery.attempt(), time(attempt.at()),
                        attempt.httpStatus(), attempt.errorKind(), attempt.latencyMillis(), attempt.excerpt() }))
                .chain(() -> connection.preparedQuery("""
                                WITH updated AS (
                                    UPDATE delivery SET status = $3, next_attempt_at = $4, delivered_at = $5,
                                                        last_error = $6
                                    WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
                                    RETURNING endpoint_id
                                )
                                UPDATE endpoint SET failing_since = CASE WHEN $3 = 'SUCCEEDED' THEN NULL
                                                                         ELSE COALESCE(failing_since, $7) END
                                WHERE id IN (SELECT endpoint_id FROM updated)""")
                        .execute(Tuple.from(new Object[] { delivery.id(), delivery.attempt(), status,
                                time(status.equals("PENDING") ? nextAttemptAt : null),
                                time(succeeded ? attempt.at() : null), succeeded ? null : attempt.summary(),
                                time(attempt.at()) }))))
                .replaceWithVoid();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
