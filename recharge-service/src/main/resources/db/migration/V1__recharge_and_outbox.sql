-- Recharges and their outbox: a result and its notification are written in one transaction.

CREATE TABLE recharge (
    tx_no          UUID          PRIMARY KEY,
    account_no     VARCHAR(32)   NOT NULL,
    amount         NUMERIC(19,2) NOT NULL CHECK (amount > 0),
    currency       CHAR(3)       NOT NULL,
    status         VARCHAR(16)   NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    failure_reason VARCHAR(500),
    created_at     TIMESTAMPTZ   NOT NULL,
    completed_at   TIMESTAMPTZ,
    CHECK ((status = 'PENDING') = (completed_at IS NULL))
);

-- Window reconciliation pages by completion (keyset on completed_at, tx_no), optionally for one account.
CREATE INDEX recharge_completed_idx ON recharge (completed_at, tx_no) WHERE completed_at IS NOT NULL;
CREATE INDEX recharge_account_completed_idx ON recharge (account_no, completed_at, tx_no)
    WHERE completed_at IS NOT NULL;
-- Recharges still waiting for the payment channel, oldest first.
CREATE INDEX recharge_pending_idx ON recharge (created_at) WHERE status = 'PENDING';

CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_no         UUID          NOT NULL REFERENCES recharge (tx_no),
    topic         VARCHAR(200)  NOT NULL,
    message_key   VARCHAR(64)   NOT NULL,
    payload       TEXT          NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    published_at  TIMESTAMPTZ,
    attempts      INT           NOT NULL DEFAULT 0,
    last_error    VARCHAR(1000),
    -- A row the broker can never accept (too large, invalid): kept for an operator, skipped by the relay.
    parked_at     TIMESTAMPTZ
);

-- The relay's claim query reads only rows still to publish, oldest first.
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
-- The parked-rows gauge counts these; there are few.
CREATE INDEX outbox_parked_idx ON outbox (id) WHERE parked_at IS NOT NULL;
-- Retention deletes published rows by age.
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay when a transaction that wrote outbox rows commits (NOTIFY is delivered at commit).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('recharge_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
