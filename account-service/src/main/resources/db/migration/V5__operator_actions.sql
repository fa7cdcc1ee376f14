-- Who did it: the token subject behind every money-moving action started through the API (replay, reconciliation
-- run, active query), or the process that started it on its own. Bounded like every other free-text column.
ALTER TABLE dead_letter ADD COLUMN replayed_by VARCHAR(200);

ALTER TABLE reconciliation_run ADD COLUMN started_by VARCHAR(200);
-- Runs from before: the schedule and one-shot runs started themselves; an API run's operator is unknown.
UPDATE reconciliation_run SET started_by = trigger;
ALTER TABLE reconciliation_run ALTER COLUMN started_by SET NOT NULL;

ALTER TABLE account_recharge ADD COLUMN last_checked_by VARCHAR(200);
