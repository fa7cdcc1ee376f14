-- The signature header a dead letter arrived with: a replay checks it again before anything is credited.
ALTER TABLE dead_letter ADD COLUMN signature VARCHAR(300);
