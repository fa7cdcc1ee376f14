-- callback-service: per-endpoint circuit, auto-disable with who/why, and operators' resends with who did them.

-- The circuit: consecutive_failures counts unacknowledged attempts since the last 2xx (any delivery of the endpoint);
-- from the threshold on, the endpoint is not claimed until paused_until (a growing pause), and then only one probe
-- at a time. disabled_by: the operator's token subject, or 'callback-service' when failing_since grew too old.
ALTER TABLE endpoint
    ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN paused_until         timestamptz,
    ADD COLUMN disabled_by          varchar(200);

-- plan_start: the value of attempts when the current attempt plan began (0, or the resend's): the retry schedule
-- counts attempts from there, while attempts itself only grows (it is the claim's fencing token and numbers the log).
-- last_resent_*: the latest resend or recover, shown in listings; delivery_resend keeps them all.
ALTER TABLE delivery
    ADD COLUMN plan_start     integer NOT NULL DEFAULT 0,
    ADD COLUMN last_resent_at timestamptz,
    ADD COLUMN last_resent_by varchar(200);

-- Claims look per endpoint (LATERAL, LIMIT its free slots), so a dead endpoint's backlog is never ranked whole; the
-- backlog gauges group by endpoint on the same index.
CREATE INDEX delivery_due_by_endpoint ON delivery (endpoint_id, next_attempt_at, id) WHERE status = 'PENDING';
DROP INDEX delivery_due;

-- Every operator resend: one delivery (POST /deliveries/{id}/resend) or every FAILED one of an endpoint since a time
-- (POST /endpoints/{id}/recover), who asked, and what the delivery was before.
CREATE TABLE delivery_resend (
    id              bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id     uuid          NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    resent_at       timestamptz   NOT NULL,
    resent_by       varchar(200)  NOT NULL,
    via             varchar(16)   NOT NULL CHECK (via IN ('resend', 'recover')),
    previous_status varchar(16)   NOT NULL
);

CREATE INDEX delivery_resend_of ON delivery_resend (delivery_id, id);
