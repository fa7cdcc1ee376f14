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

-- Window reconciliation pages by completion time (keyset on completed_at, tx_no).
CREATE INDEX recharge_completed_idx ON recharge (completed_at, tx_no) WHERE completed_at IS NOT NULL;

CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx_no         UUID         NOT NULL REFERENCES recharge (tx_no),
    topic         VARCHAR(200) NOT NULL,
    message_key   VARCHAR(64)  NOT NULL,
    payload       TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    published_at  TIMESTAMPTZ
);

-- The relay's claim query reads only unpublished rows, oldest first.
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
