-- Recovery of PENDING recharges: each row carries when it is next asked about and how often it was asked, so a row
-- that cannot be completed moves behind the others (back-off) instead of taking a place in every batch for ever.

ALTER TABLE recharge
    ADD COLUMN next_check_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN checks        INT         NOT NULL DEFAULT 0;

-- The recovery job claims due PENDING rows in next-check order; the stuck gauge counts PENDING rows by checks.
CREATE INDEX recharge_pending_check_idx ON recharge (next_check_at) WHERE status = 'PENDING';
DROP INDEX recharge_pending_idx;
