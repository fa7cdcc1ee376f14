-- Dead letters: every record of recharge-results.dlt, kept for inspection and replay.
CREATE TABLE dead_letter (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dlt_partition      INT          NOT NULL,
    dlt_offset         BIGINT       NOT NULL,
    -- With partition and offset, the record's identity: a redelivery matches all three, while a record of a re-created
    -- topic that reuses an offset does not (and must not be dropped as a duplicate).
    dlt_timestamp      TIMESTAMPTZ  NOT NULL,
    record_key         VARCHAR(200),
    payload            TEXT         NOT NULL,
    tx_no              UUID,
    account_no         VARCHAR(200),
    attempt            INT,
    original_topic     VARCHAR(200),
    original_partition INT,
    original_offset    BIGINT,
    first_failure_at   TIMESTAMPTZ,
    error_class        VARCHAR(16),
    last_error         VARCHAR(1000),
    dead_at            TIMESTAMPTZ  NOT NULL,
    replayed_at        TIMESTAMPTZ,
    replay_result      VARCHAR(32),
    UNIQUE (dlt_partition, dlt_offset, dlt_timestamp)
);

CREATE INDEX dead_letter_open_idx ON dead_letter (id) WHERE replayed_at IS NULL;
CREATE INDEX dead_letter_account_idx ON dead_letter (account_no, id);
