-- Operators look up where a recharge's result went (GET /deliveries?txNo=, oldest first, keyset on created_at, id):
-- an index on (tx_no, created_at, id) answers it without scanning every delivery ever planned. Built CONCURRENTLY: a
-- plain CREATE INDEX would block every delivery write (intake's plans, dispatch's claims and outcomes) for as long as
-- the build takes. That cannot run in a transaction, so this migration runs without one (V4__delivery_by_tx_no.sql.conf;
-- shared FlywayLocking keeps Flyway's own lock out of a transaction too). The lock timeout bounds its waits; should it
-- fail, the start fails, the index is left INVALID and no version is recorded: the next start runs this again, and the
-- DROP removes the invalid index first.
SET lock_timeout = '10s';
DROP INDEX CONCURRENTLY IF EXISTS delivery_by_tx_no;
CREATE INDEX CONCURRENTLY delivery_by_tx_no ON delivery (tx_no, created_at, id);
RESET lock_timeout;
