-- What account-service executes per credited result (Ledger.apply): one transaction with a lock timeout and one
-- statement that claims the txNo, changes the balance, writes the ledger entry and resolves a recharge started here.
\set amount random(1, 100000)
\set account random(0, 999)
\set seed random(1, 9000000000000000000)
BEGIN;
SELECT set_config('lock_timeout', '5000ms', true), set_config('statement_timeout', '10000ms', true);
WITH claim AS (
    INSERT INTO processed_recharge (tx_no, event_id, outcome, source, processed_at)
    VALUES (md5(:seed || '-' || :client_id)::uuid, gen_random_uuid(), 'SUCCEEDED', 'notification', now())
    ON CONFLICT (tx_no) DO NOTHING
    RETURNING tx_no
), credit AS (
    UPDATE account SET balance = balance + :amount / 100.0, updated_at = now()
    WHERE account_no = 'BENCH-' || :account AND currency = 'CNY' AND EXISTS (SELECT FROM claim)
    RETURNING account_no
), entry AS (
    INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, created_at)
    SELECT account_no, md5(:seed || '-' || :client_id)::uuid, :amount / 100.0, 'CNY', 'notification', now(), now()
    FROM credit
    RETURNING tx_no
), resolved AS (
    UPDATE account_recharge SET status = 'SUCCEEDED', failure_reason = NULL, resolved_at = now()
    WHERE tx_no IN (SELECT tx_no FROM entry) AND status <> 'SUCCEEDED'
)
SELECT (SELECT count(*) FROM claim), (SELECT count(*) FROM credit);
COMMIT;
