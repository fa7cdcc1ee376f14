-- Operators look up a recharge's outbox rows (GET /outbox?txNo=, newest first): an index on (tx_no, id) answers it
-- without scanning a week of published rows. Built CONCURRENTLY: a plain CREATE INDEX would block every outbox insert
-- (so every completed recharge) and the relay's updates for as long as the build takes. That cannot run in a
-- transaction, so this migration runs without one (V5__outbox_by_tx_no.sql.conf; shared FlywayLocking keeps Flyway's
-- own lock out of a transaction too). The lock timeout bounds its waits; should it fail, the start fails, the index is
-- left INVALID and no version is recorded: the next start runs this again, and the DROP removes the invalid index
-- first.
SET lock_timeout = '10s';
DROP INDEX CONCURRENTLY IF EXISTS outbox_tx_no_idx;
CREATE INDEX CONCURRENTLY outbox_tx_no_idx ON outbox (tx_no, id);
RESET lock_timeout;
