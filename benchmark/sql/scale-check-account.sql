-- Scale check, account side: 1,000,000 account-initiated recharges (1,000 still PENDING) and 1,000,000 ledger
-- entries, then the stale-pending claim and a window-reconciliation page of the ledger.
INSERT INTO account_recharge (tx_no, account_no, amount, currency, status, created_at, next_check_at)
SELECT md5('scale-' || i)::uuid, 'BENCH-' || (i % 1000), 1.00, 'CNY',
       CASE WHEN i <= 1000 THEN 'PENDING' ELSE 'SUCCEEDED' END,
       timestamptz '2026-10-01' + i * interval '2.5 seconds', timestamptz '2026-10-01' + i * interval '2.5 seconds'
FROM generate_series(1, 1000000) i;
INSERT INTO ledger_entry (account_no, tx_no, amount, currency, source, occurred_at, created_at)
SELECT 'BENCH-' || (i % 1000), md5('ledger-' || i)::uuid, 1.00, 'CNY', 'notification',
       timestamptz '2026-10-01' + i * interval '2.5 seconds', timestamptz '2026-10-01' + i * interval '2.5 seconds'
FROM generate_series(1, 1000000) i;
ANALYZE account_recharge;
ANALYZE ledger_entry;
\echo
\echo '== stale-pending claim (PendingReconciler: due PENDING recharges, FOR UPDATE SKIP LOCKED)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM account_recharge WHERE status = 'PENDING' AND next_check_at <= now()
ORDER BY next_check_at LIMIT 100 FOR UPDATE SKIP LOCKED;
\echo '== window reconciliation: a page of 500 ledger entries of a closed day in completion order'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM ledger_entry
WHERE occurred_at >= '2026-10-15' AND occurred_at < '2026-10-16'
  AND (occurred_at, tx_no) > (timestamptz '2026-10-15 12:00', '00000000-0000-0000-0000-000000000000')
ORDER BY occurred_at, tx_no LIMIT 500;
