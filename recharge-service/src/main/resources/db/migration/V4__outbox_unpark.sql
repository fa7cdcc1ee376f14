-- An operator can return a parked row to the relay (POST /outbox/{id}/unpark, e.g. after the broker's size limit was
-- raised); who did it and when is kept with the row. Adding nullable columns rewrites nothing; the lock timeout keeps a
-- rolling deploy from queueing every outbox statement behind a long transaction.
SET LOCAL lock_timeout = '10s';
ALTER TABLE outbox
    ADD COLUMN unparked_at TIMESTAMPTZ,
    ADD COLUMN unparked_by VARCHAR(200);
