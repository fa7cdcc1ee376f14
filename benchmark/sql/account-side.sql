-- What account-service executes per credited result (Ledger.apply): one transaction with a lock timeout, the txNo
-- claim, the balance change, the ledger entry, and the status of a recharge started here.
\set amount random(1, 100000)
\set account random(0, 999)
\set seed random(1, 9000000000000000000)
BEGIN;
SET LOCAL lock_timeout = '5000ms';
INSERT INTO processed_recharge (tx_no, event_id, outcome, source, processed_at)
VALUES (md5(:seed || '-' || :client_id)::uuid, gen_random_uuid(), 'SUCCEEDED', 'notification', now()) ON CONFLICT (tx_no) DO NOTHING;
UPDATE account SET balance = balance + :amount / 100.0, updated_at = now()
WHERE account_no = 'BENCH-' || :account AND currency = 'CNY';
INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, created_at)
VALUES ('BENCH-' || :account, md5(:seed || '-' || :client_id)::uuid, :amount / 100.0, 'CNY', 'notification', now(), now());
UPDATE account_recharge SET status = 'SUCCEEDED', failure_reason = NULL, resolved_at = now()
WHERE tx_no = md5(:seed || '-' || :client_id)::uuid AND status <> 'SUCCEEDED';
COMMIT;
