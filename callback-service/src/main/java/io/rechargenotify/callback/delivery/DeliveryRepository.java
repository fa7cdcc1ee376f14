package io.rechargenotify.callback.delivery;

import io.rechargenotify.callback.config.CallbackConfig;
import io.rechargenotify.callback.config.Durations;
import io.rechargenotify.callback.endpoint.Endpoint;
import io.rechargenotify.shared.event.RechargeResultEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every statement on {@code delivery}, {@code delivery_attempt} and {@code delivery_resend}: planned by intake, claimed
 * and recorded by dispatch (with the endpoint's health: circuit and auto-disable), read and resent by operators.
 */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = "id, endpoint_id, event_id, tx_no, event_type, account_no, status,"
            + " attempts, plan_start, next_attempt_at, last_error, created_at, delivered_at, last_resent_at,"
            + " last_resent_by";

    private final Pool pool;
    private final CallbackConfig.Circuit circuit;
    private final Duration disableAfter;

    public DeliveryRepository(Pool pool, CallbackConfig config) {
        this.pool = pool;
        this.circuit = config.circuit();
        this.disableAfter = config.endpoints().disableAfter();
    }

    /**
     * One PENDING delivery, due now, for every endpoint whose filters match the result – enabled or not (a disabled
     * endpoint's deliveries wait for it). One statement, so all or none; {@code ON CONFLICT DO NOTHING} makes a
     * redelivered result add nothing.
     *
     * @param traceparent the trace every attempt of these deliveries continues (W3C), or null
     * @return how many deliveries were new
     */
    public Uni<Integer> plan(RechargeResultEvent event, String payload, String traceparent, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO delivery (id, endpoint_id, event_id, tx_no, event_type, account_no, payload,
                                              status, attempts, next_attempt_at, created_at, traceparent)
                        SELECT gen_random_uuid(), e.id, $1, $2, $3, $4, $5, 'PENDING', 0, $6, $6, $7
                        FROM endpoint e
                        WHERE (cardinality(e.account_nos) = 0 OR $4 = ANY (e.account_nos))
                          AND (cardinality(e.event_types) = 0 OR $3 = ANY (e.event_types))
                        ON CONFLICT (endpoint_id, event_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] { event.eventId(), event.txNo(), event.type().name(),
                        event.accountNo(), payload, time(now), traceparent }))
                .map(rows -> rows.rowCount());
    }

    /**
     * Claims due deliveries of enabled endpoints whose circuit is not open, for one dispatcher: each gets its attempt
     * number and is leased until {@code leaseUntil} (its next_attempt_at), so no other dispatcher takes it meanwhile and
     * it is due again if this one dies. Rows locked by another dispatcher's claim are skipped, not waited for.
     *
     * <p>Per endpoint (LATERAL on delivery_due_by_endpoint), so a dead endpoint's backlog is never ranked whole: each
     * endpoint offers at most its free slots – {@code perEndpoint} less its calls in flight here ({@code inFlight}),
     * and only one while its last attempt failed (a failing receiver gets one call at a time until it acknowledges
     * again). Once its failures reached the circuit's threshold, that one call is the probe, and its lease pauses the
     * endpoint for the other dispatchers too. Fair across endpoints: every endpoint's oldest due delivery comes before
     * any endpoint's second.
     */
    public Uni<List<ClaimedDelivery>> claim(Instant now, Instant leaseUntil, int limit, int perEndpoint,
            Map<UUID, Integer> inFlight) {
        UUID[] busy = inFlight.keySet().toArray(UUID[]::new);
        Integer[] calls = new Integer[busy.length];
        for (int i = 0; i < busy.length; i++) {
            calls[i] = inFlight.getOrDefault(busy[i], 0);
        }
        return pool.preparedQuery("""
                        WITH candidates AS (
                            SELECT due.id, due.next_attempt_at, due.rn
                            FROM endpoint e
                            LEFT JOIN unnest($5::uuid[], $6::int[]) AS busy (endpoint_id, calls)
                                   ON busy.endpoint_id = e.id
                            CROSS JOIN LATERAL (
                                SELECT d.id, d.next_attempt_at,
                                       row_number() OVER (ORDER BY d.next_attempt_at, d.id) AS rn
                                FROM delivery d
                                WHERE d.endpoint_id = e.id AND d.status = 'PENDING' AND d.next_attempt_at <= $1
                                ORDER BY d.next_attempt_at, d.id
                                LIMIT GREATEST(0, CASE WHEN e.consecutive_failures > 0 THEN 1 ELSE $4 END
                                                  - COALESCE(busy.calls, 0))
                            ) due
                            WHERE e.enabled AND (e.paused_until IS NULL OR e.paused_until <= $1)
                        ), picked AS (
                            SELECT id FROM candidates ORDER BY rn, next_attempt_at LIMIT $3
                        ), claimed AS (
                            SELECT d.id FROM delivery d JOIN picked ON picked.id = d.id
                            WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
                            FOR UPDATE OF d SKIP LOCKED
                        ), updated AS (
                            UPDATE delivery d SET attempts = d.attempts + 1, next_attempt_at = $2
                            FROM claimed
                            WHERE d.id = claimed.id
                            RETURNING d.id, d.endpoint_id, d.event_id, d.tx_no, d.account_no, d.payload,
                                      d.attempts, d.plan_start, d.traceparent
                        ), probing AS (
                            UPDATE endpoint e SET paused_until = $2
                            WHERE e.consecutive_failures >= $7 AND e.id IN (SELECT endpoint_id FROM updated)
                        )
                        SELECT u.id, u.endpoint_id, u.event_id, u.tx_no, u.account_no, u.payload, u.attempts,
                               u.attempts - u.plan_start AS plan_attempt, e.url, e.secret, e.previous_secret,
                               e.previous_secret_expires_at, u.traceparent
                        FROM updated u JOIN endpoint e ON e.id = u.endpoint_id""")
                .execute(Tuple.from(new Object[] { time(now), time(leaseUntil), limit, perEndpoint, busy, calls,
                        circuit.failureThreshold() }))
                .map(rows -> {
                    List<ClaimedDelivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new ClaimedDelivery(row.getUUID("id"), row.getUUID("endpoint_id"),
                                row.getUUID("event_id"), row.getUUID("tx_no"), row.getString("account_no"),
                                row.getString("payload"), row.getInteger("attempts"), row.getInteger("plan_attempt"),
                                row.getString("url"), row.getString("secret"), row.getString("previous_secret"),
                                instant(row, "previous_secret_expires_at"), row.getString("traceparent")));
                    }
                    return claimed;
                });
    }

    /** The endpoint after an attempt's outcome was recorded: for the log and the dispatcher. */
    public record EndpointState(boolean enabled, boolean disabledNow, int consecutiveFailures, Instant pausedUntil) {

        static final EndpointState UNCHANGED = new EndpointState(true, false, 0, null);
    }

    /** True in the endpoint update of {@link #record} when this failure disables the endpoint. */
    private static final String DISABLING = "(NOT $7 AND e.enabled AND e.failing_since IS NOT NULL"
            + " AND e.failing_since <= $9 - make_interval(secs => $13::bigint / 1000.0))";

    /**
     * Records an attempt's outcome: the attempt log row always (it happened; unless the delivery was deleted with its
     * endpoint meanwhile), the delivery's new state only if it is
     * still this dispatcher's claim (same attempt number, still PENDING) – a dispatcher whose lease ran out must not
     * overwrite the outcome of the one that took the delivery over.
     *
     * <p>With the delivery, its endpoint's health: a 2xx closes the circuit and ends its run of failures; a failure
     * counts, opens the circuit at the threshold (paused for a pause doubling per further failure, up to the maximum),
     * and disables the endpoint when its run of failures began {@code disable-after} ago or earlier.
     *
     * @param nextAttemptAt when to try again; null with an unacknowledged attempt: the plan is over, FAILED
     * @return the endpoint's state afterwards ({@code UNCHANGED} when the claim was no longer this dispatcher's, or a
     *         healthy endpoint acknowledged)
     */
    public Uni<EndpointState> record(ClaimedDelivery delivery, Attempt attempt, Instant nextAttemptAt, Instant now) {
        boolean succeeded = attempt.acknowledged();
        String status = succeeded ? "SUCCEEDED" : nextAttemptAt == null ? "FAILED" : "PENDING";
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO delivery_attempt (delivery_id, attempt, attempted_at, http_status, error_kind,
                                                      latency_ms, response_excerpt)
                        SELECT $1, $2, $3, $4, $5, $6, $7
                        WHERE EXISTS (SELECT 1 FROM delivery WHERE id = $1)""")
                .execute(Tuple.from(new Object[] { delivery.id(), delivery.attempt(), time(attempt.at()),
                        attempt.httpStatus(), attempt.errorKind(), attempt.latencyMillis(), attempt.excerpt() }))
                .chain(() -> connection.preparedQuery("""
                                WITH updated AS (
                                    UPDATE delivery SET status = $3, next_attempt_at = $4, delivered_at = $5,
                                                        last_error = $6
                                    WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
                                    RETURNING endpoint_id
                                )
                                UPDATE endpoint e SET
                                    failing_since = CASE WHEN $7 THEN NULL ELSE COALESCE(e.failing_since, $8) END,
                                    consecutive_failures = CASE WHEN $7 THEN 0 ELSE e.consecutive_failures + 1 END,
                                    paused_until = CASE WHEN $7 OR e.consecutive_failures + 1 < $10::int THEN NULL
                                        ELSE $9 + make_interval(secs => LEAST($12::bigint, $11::bigint
                                            * power(2, LEAST(e.consecutive_failures + 1 - $10::int, 30))) / 1000.0)
                                        END,
                                    enabled = e.enabled AND NOT COALESCE(%1$s, false),
                                    disabled_reason = CASE WHEN %1$s THEN 'no 2xx since '
                                        || to_char(e.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                                        || $14 ELSE e.disabled_reason END,
                                    disabled_at = CASE WHEN %1$s THEN $9 ELSE e.disabled_at END,
                                    disabled_by = CASE WHEN %1$s THEN $15 ELSE e.disabled_by END,
                                    updated_at = CASE WHEN %1$s THEN $9 ELSE e.updated_at END
                                WHERE e.id IN (SELECT endpoint_id FROM updated)
                                  -- a 2xx of a healthy endpoint changes nothing: no write, no wait on its row lock
                                  AND (NOT $7 OR e.consecutive_failures > 0 OR e.failing_since IS NOT NULL
                                       OR e.paused_until IS NOT NULL)
                                RETURNING e.enabled, (NOT e.enabled AND e.disabled_by = $15 AND e.disabled_at = $9)
                                          AS disabled_now, e.consecutive_failures, e.paused_until""".formatted(
                                DISABLING))
                        .execute(Tuple.from(new Object[] { delivery.id(), delivery.attempt(), status,
                                time(status.equals("PENDING") ? nextAttemptAt : null),
                                time(succeeded ? attempt.at() : null), succeeded ? null : attempt.summary(),
                                succeeded, time(attempt.at()), time(now), circuit.failureThreshold(),
                                circuit.pause().toMillis(), circuit.maxPause().toMillis(),
                                disableAfter.toMillis(), " (disabled after " + Durations.words(disableAfter)
                                        + " without one); last attempt: " + attempt.summary(),
                                Endpoint.AUTOMATIC }))))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return EndpointState.UNCHANGED;
                    }
                    Row row = found.next();
                    return new EndpointState(row.getBoolean("enabled"), row.getBoolean("disabled_now"),
                            row.getInteger("consecutive_failures"), instant(row, "paused_until"));
                });
    }

    /** Whose deliveries a listing shows: an endpoint's, or a recharge's (across endpoints). */
    public enum Scope {
        /** On delivery_by_endpoint. */
        ENDPOINT("endpoint_id"),
        /** On delivery_by_tx_no. */
        RECHARGE("tx_no");

        private final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    /**
     * A page of the deliveries of an endpoint or of a recharge, oldest first (keyset on created_at, id), optionally of
     * one status.
     *
     * @param id the endpoint's id or the recharge's txNo
     * @param after the cursor: the position of the last delivery of the previous page, null for the first page
     */
    public Uni<List<Delivery>> page(Scope scope, UUID id, DeliveryStatus status, Cursor after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM delivery WHERE " + scope.column + " = $1"
                        + " AND ($2::text IS NULL OR status = $2)"
                        + " AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))"
                        + " ORDER BY created_at, id LIMIT $5")
                .execute(Tuple.from(new Object[] { id, status == null ? null : status.name(),
                        after == null ? null : time(after.createdAt()), after == null ? null : after.id(), limit }))
                .map(rows -> {
                    List<Delivery> page = new ArrayList<>();
                    rows.forEach(row -> page.add(delivery(row)));
                    return page;
                });
    }

    /** Where a delivery stands in a listing. */
    public record Cursor(Instant createdAt, UUID id) {
    }

    /** The cursor of a delivery of this endpoint or recharge, empty if it has no such delivery. */
    public Uni<Optional<Cursor>> cursor(Scope scope, UUID id, UUID deliveryId) {
        return pool.preparedQuery("SELECT created_at, id FROM delivery WHERE id = $1 AND " + scope.column + " = $2")
                .execute(Tuple.of(deliveryId, id))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = found.next();
                    return Optional.of(new Cursor(instant(row, "created_at"), row.getUUID("id")));
                });
    }

    /** A delivery with its payload, its attempt log and its resends; empty if there is none. */
    public Uni<Optional<DeliveryDetail>> detail(UUID id) {
        return pool.withConnection(connection -> connection.preparedQuery("SELECT " + COLUMNS
                        + ", payload FROM delivery WHERE id = $1").execute(Tuple.of(id))
                .chain(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Uni.createFrom().item(Optional.<DeliveryDetail>empty());
                    }
                    Row row = found.next();
                    Delivery delivery = delivery(row);
                    String payload = row.getString("payload");
                    return connection.preparedQuery("""
                                    SELECT attempt, attempted_at, http_status, error_kind, latency_ms,
                                           response_excerpt
                                    FROM delivery_attempt WHERE delivery_id = $1 ORDER BY attempt, id""")
                            .execute(Tuple.of(id))
                            .chain(attemptRows -> connection.preparedQuery("""
                                            SELECT resent_at, resent_by, via, previous_status
                                            FROM delivery_resend WHERE delivery_id = $1 ORDER BY id""")
                                    .execute(Tuple.of(id))
                                    .map(resendRows -> {
                                        List<LoggedAttempt> attempts = new ArrayList<>();
                                        attemptRows.forEach(a -> attempts.add(new LoggedAttempt(
                                                a.getInteger("attempt"), new Attempt(instant(a, "attempted_at"),
                                                        a.getInteger("http_status"), a.getString("error_kind"),
                                                        a.getInteger("latency_ms"),
                                                        a.getString("response_excerpt")))));
                                        List<Resend> resends = new ArrayList<>();
                                        resendRows.forEach(r -> resends.add(new Resend(instant(r, "resent_at"),
                                                r.getString("resent_by"), r.getString("via"),
                                                DeliveryStatus.valueOf(r.getString("previous_status")))));
                                        return Optional.of(new DeliveryDetail(delivery, payload, attempts,
                                                resends));
                                    }));
                }));
    }

    /** What a resend found: the delivery's status before, and whether it was resent (false: an attempt in flight). */
    public record ResendOutcome(DeliveryStatus previousStatus, boolean resent, Instant nextAttemptAt) {
    }

    /**
     * Starts a new attempt plan for one delivery, due now, whatever its status – unless an attempt is in flight (PENDING,
     * leased: claimed more often than logged, lease not over), which a resend would duplicate. Logged with who asked.
     *
     * @return empty if there is no such delivery
     */
    public Uni<Optional<ResendOutcome>> resend(UUID id, String by, Instant now) {
        return pool.preparedQuery("""
                        WITH target AS (
                            SELECT d.id, d.status, d.next_attempt_at,
                                   (d.status = 'PENDING' AND d.next_attempt_at > $2 AND d.attempts > COALESCE(
                                       (SELECT max(a.attempt) FROM delivery_attempt a WHERE a.delivery_id = d.id), 0))
                                   AS in_flight
                            FROM delivery d WHERE d.id = $1
                            FOR UPDATE
                        ), changed AS (
                            UPDATE delivery d SET status = 'PENDING', next_attempt_at = $2, plan_start = d.attempts,
                                                  delivered_at = NULL, last_resent_at = $2, last_resent_by = $3
                            FROM target t
                            WHERE d.id = t.id AND NOT t.in_flight
                            RETURNING d.id
                        ), logged AS (
                            INSERT INTO delivery_resend (delivery_id, resent_at, resent_by, via, previous_status)
                            SELECT t.id, $2, $3, 'resend', t.status FROM target t JOIN changed c ON c.id = t.id
                        )
                        SELECT status, next_attempt_at, NOT in_flight AS resent FROM target""")
                .execute(Tuple.of(id, time(now), by))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = found.next();
                    return Optional.of(new ResendOutcome(DeliveryStatus.valueOf(row.getString("status")),
                            row.getBoolean("resent"), instant(row, "next_attempt_at")));
                });
    }

    /**
     * Resends every FAILED delivery of an endpoint created in [since, until) – a new attempt plan each, due now, logged
     * with who asked – in one statement. An open circuit of the endpoint is half-opened (its pause ends now), so the
     * next claim sends one probe first.
     *
     * @param until null: up to now
     * @return how many were resent
     */
    public Uni<Integer> recover(UUID endpointId, Instant since, Instant until, String by, Instant now) {
        return pool.preparedQuery("""
                        WITH changed AS (
                            UPDATE delivery SET status = 'PENDING', next_attempt_at = $4, plan_start = attempts,
                                                last_resent_at = $4, last_resent_by = $5
                            WHERE endpoint_id = $1 AND status = 'FAILED' AND created_at >= $2
                              AND ($3::timestamptz IS NULL OR created_at < $3)
                            RETURNING id
                        ), logged AS (
                            INSERT INTO delivery_resend (delivery_id, resent_at, resent_by, via, previous_status)
                            SELECT id, $4, $5, 'recover', 'FAILED' FROM changed
                        ), resumed AS (
                            UPDATE endpoint SET paused_until = $4 WHERE id = $1 AND paused_until > $4
                        )
                        SELECT count(*)::int AS resent FROM changed""")
                .execute(Tuple.of(endpointId, time(since), time(until), time(now), by))
                .map(rows -> rows.iterator().next().getInteger("resent"));
    }

    /** One endpoint's due backlog: how many deliveries are due and since when the oldest of them is. */
    public record Backlog(UUID endpointId, boolean endpointEnabled, long due, Instant oldestDueAt) {
    }

    /**
     * The due backlog of every endpoint that has one (enabled or not: a disabled endpoint's deliveries wait due). A
     * claimed delivery is not due (its next_attempt_at is its lease's end).
     */
    public Uni<List<Backlog>> backlog(Instant now) {
        return pool.preparedQuery("""
                        SELECT b.endpoint_id, e.enabled, b.due, b.oldest
                        FROM (SELECT endpoint_id, count(*) AS due, min(next_attempt_at) AS oldest
                              FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= $1
                              GROUP BY endpoint_id) b
                        JOIN endpoint e ON e.id = b.endpoint_id""")
                .execute(Tuple.of(time(now)))
                .map(rows -> {
                    List<Backlog> backlog = new ArrayList<>();
                    rows.forEach(row -> backlog.add(new Backlog(row.getUUID("endpoint_id"), row.getBoolean("enabled"),
                            row.getLong("due"),
                            instant(row, "oldest"))));
                    return backlog;
                });
    }

    private static Delivery delivery(Row row) {
        return new Delivery(row.getUUID("id"), row.getUUID("endpoint_id"), row.getUUID("event_id"),
                row.getUUID("tx_no"), row.getString("event_type"), row.getString("account_no"),
                DeliveryStatus.valueOf(row.getString("status")), row.getInteger("attempts"),
                row.getInteger("plan_start"), instant(row, "next_attempt_at"), row.getString("last_error"),
                instant(row, "created_at"), instant(row, "delivered_at"), instant(row, "last_resent_at"),
                row.getString("last_resent_by"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
