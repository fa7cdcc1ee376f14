-- The operators' console's lookups: every account's recharges of one status in creation order (GET /recharges, the
-- stuck PENDING ones), and the dead letters of one txNo (GET /dead-letters?txNo=). The ledger's txNo is UNIQUE, so
-- GET /ledger/{txNo} has its index already. Built CONCURRENTLY: a plain CREATE INDEX on account_recharge would block
-- every credit (the ledger statement resolves the recharge in the same statement) for as long as the build takes.
-- That cannot run in a transaction, so this migration runs without one (V6__operator_lookups.sql.conf;
-- shared FlywayLocking keeps Flyway's own lock out of a transaction too). The lock timeout bounds its waits; should it
-- fail, the start fails, an index may be left INVALID and no version is recorded: the next start runs this again, and
-- the DROPs remove an invalid index first.
SET lock_timeout = '10s';
DROP INDEX CONCURRENTLY IF EXISTS account_recharge_status_idx;
CREATE INDEX CONCURRENTLY account_recharge_status_idx ON account_recharge (status, created_at, tx_no);
DROP INDEX CONCURRENTLY IF EXISTS dead_letter_tx_no_idx;
CREATE INDEX CONCURRENTLY dead_letter_tx_no_idx ON dead_letter (tx_no, id);
RESET lock_timeout;
