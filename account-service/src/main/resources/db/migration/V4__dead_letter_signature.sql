-- The signature header a dead letter arrived with: a replay checks it again before anything is credited.
ALTER TABLE dead_letter ADD COLUMN signature VARCHAR(300);
-- Whether that signature checked when the record was stored: a bulk replay takes only these, so forged records –
-- which anyone able to write to the topic can make by the thousand – never fill its pages.
ALTER TABLE dead_letter ADD COLUMN signature_valid BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX dead_letter_bulk_replay_idx ON dead_letter (id) WHERE replayed_at IS NULL AND signature_valid;
