-- Accounts, their ledger, and the deduplication table that makes every recharge count once.

CREATE TABLE account (
    account_no      VARCHAR(32)   PRIMARY KEY,
    owner           VARCHAR(200)  NOT NULL,
    currency        CHAR(3)       NOT NULL,
    opening_balance NUMERIC(19,2) NOT NULL DEFAULT 0,
    balance         NUMERIC(19,2) NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL
);

-- One row per recharge result ever applied, whatever delivered it. Inserted with ON CONFLICT DO NOTHING in the
-- transaction that changes the balance: the first delivery wins, every later one changes nothing.
CREATE TABLE processed_recharge (
    tx_no        UUID        PRIMARY KEY,
    event_id     UUID        NOT NULL,
    outcome      VARCHAR(16) NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
    source       VARCHAR(16) NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE ledger_entry (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_no VARCHAR(32)   NOT NULL REFERENCES account (account_no),
    tx_no      UUID          NOT NULL UNIQUE,
    amount     NUMERIC(19,2) NOT NULL CHECK (amount > 0),
    currency   CHAR(3)       NOT NULL,
    source     VARCHAR(16)   NOT NULL CHECK (source IN ('notification', 'retry', 'reconciliation', 'replay')),
    created_at TIMESTAMPTZ   NOT NULL
);

CREATE INDEX ledger_entry_account_idx ON ledger_entry (account_no, id);
