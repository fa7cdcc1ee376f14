-- Recharges started by account-service, the completion time of every credited result (to match the source's
-- completion order in window reconciliation), and the reports of reconciliation runs.

-- A recharge started here: recorded PENDING before recharge-service is called, resolved by the ledger transaction
-- that applies its result (notification or reconciliation), never by a failed call.
CREATE TABLE account_recharge (
    tx_no          UUID          PRIMARY KEY,
    account_no     VARCHAR(32)   NOT NULL REFERENCES account (account_no),
    amount         NUMERIC(19,2) NOT NULL CHECK (amount > 0),
    currency       CHAR(3)       NOT NULL,
    status         VARCHAR(16)   NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    failure_reason VARCHAR(500),
    created_at     TIMESTAMPTZ   NOT NULL,
    resolved_at    TIMESTAMPTZ,
    -- When the stale-pending reconciler may look at it next; claiming pushes it forward (a lease), so replicas
    -- never check the same recharge at once and a crashed checker's claim runs out by itself.
    next_check_at  TIMESTAMPTZ   NOT NULL,
    checks         INT           NOT NULL DEFAULT 0,
    last_checked_at TIMESTAMPTZ,
    last_check     VARCHAR(500),
    submissions    INT           NOT NULL DEFAULT 0,
    not_found_since TIMESTAMPTZ
);

CREATE INDEX account_recharge_due_idx ON account_recharge (next_check_at) WHERE status = 'PENDING';
CREATE INDEX account_recharge_account_idx ON account_recharge (account_no, created_at);

-- The event's occurredAt is the source's completedAt (to the microsecond): ledger and source list one window in
-- the same (time, txNo) order, so window reconciliation merges the two streams in bounded memory.
ALTER TABLE ledger_entry ADD COLUMN occurred_at TIMESTAMPTZ;
UPDATE ledger_entry SET occurred_at = created_at WHERE occurred_at IS NULL;
ALTER TABLE ledger_entry ALTER COLUMN occurred_at SET NOT NULL;
CREATE INDEX ledger_entry_occurred_idx ON ledger_entry (occurred_at, tx_no);

CREATE TABLE reconciliation_run (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trigger         VARCHAR(16)  NOT NULL CHECK (trigger IN ('schedule', 'api', 'one-shot')),
    window_from     TIMESTAMPTZ  NOT NULL,
    window_to       TIMESTAMPTZ  NOT NULL CHECK (window_to > window_from),
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    runner          VARCHAR(200) NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    -- The counts and the discrepancies found, as the API shows them.
    report          TEXT,
    error           VARCHAR(1000)
);

CREATE INDEX reconciliation_run_window_idx ON reconciliation_run (window_from, window_to, status);

-- Named leases: one holder at a time, taken over only after it ran out (a holder that died frees it by itself).
CREATE TABLE reconciliation_lease (
    name        VARCHAR(100) PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    lease_until TIMESTAMPTZ  NOT NULL
);
