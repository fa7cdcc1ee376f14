-- An operator can return a parked row to the relay (POST /outbox/{id}/unpark, e.g. after the broker's size limit was
-- raised); who did it and when is kept with the row.
ALTER TABLE outbox
    ADD COLUMN unparked_at TIMESTAMPTZ,
    ADD COLUMN unparked_by VARCHAR(200);
