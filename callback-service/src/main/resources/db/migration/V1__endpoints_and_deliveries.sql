-- callback-service: receivers' endpoints, one delivery per (endpoint, event), and the log of every attempt.

-- A receiver's URL and what it wants. Empty filters mean "everything". The signing secret is shown to the
-- receiver once (create, rotate); during a rotation the previous one keeps signing beside it until it expires.
CREATE TABLE endpoint (
    id                         uuid          PRIMARY KEY,
    url                        varchar(2048) NOT NULL,
    account_nos                text[]        NOT NULL DEFAULT '{}',
    event_types                text[]        NOT NULL DEFAULT '{}',
    description                varchar(500),
    secret                     varchar(100)  NOT NULL,
    previous_secret            varchar(100),
    previous_secret_expires_at timestamptz,
    enabled                    boolean       NOT NULL DEFAULT true,
    disabled_reason            varchar(500),
    disabled_at                timestamptz,
    -- The first failure of the current unbroken run of failures; cleared by any 2xx (auto-disable after a threshold).
    failing_since              timestamptz,
    created_at                 timestamptz   NOT NULL,
    updated_at                 timestamptz   NOT NULL,
    CONSTRAINT endpoint_previous_secret_expiry CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL)),
    CONSTRAINT endpoint_disabled_reason CHECK (enabled OR disabled_reason IS NOT NULL)
);

CREATE INDEX endpoint_created ON endpoint (created_at, id);

-- One recharge result for one endpoint. Unique per (endpoint, event): a redelivered event adds nothing.
-- next_attempt_at is also the claim's lease: a dispatcher pushes it past the call's timeout when it claims the row,
-- so a dispatcher killed mid-call leaves the row due again once the lease ends.
CREATE TABLE delivery (
    id              uuid          PRIMARY KEY,
    endpoint_id     uuid          NOT NULL REFERENCES endpoint (id) ON DELETE CASCADE,
    event_id        uuid          NOT NULL,
    tx_no           uuid          NOT NULL,
    event_type      varchar(40)   NOT NULL,
    account_no      varchar(64)   NOT NULL,
    payload         text          NOT NULL,
    status          varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      varchar(300),
    created_at      timestamptz   NOT NULL,
    delivered_at    timestamptz,
    CONSTRAINT delivery_once_per_endpoint UNIQUE (endpoint_id, event_id),
    CONSTRAINT delivery_due_when_pending CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
);

CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_by_endpoint ON delivery (endpoint_id, created_at, id);

-- Every HTTP attempt: when, how it ended (status code or error kind), how long it took, the start of the answer.
CREATE TABLE delivery_attempt (
    id               bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      uuid          NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt          integer       NOT NULL,
    attempted_at     timestamptz   NOT NULL,
    http_status      integer,
    error_kind       varchar(40),
    latency_ms       integer       NOT NULL,
    response_excerpt varchar(1024),
    CONSTRAINT delivery_attempt_outcome CHECK (http_status IS NOT NULL OR error_kind IS NOT NULL)
);

CREATE INDEX delivery_attempt_of ON delivery_attempt (delivery_id, attempt);
