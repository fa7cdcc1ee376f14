-- Scale check: 1,000,000 recharges stored (a month of history at ~0.4/s, 1,000 still PENDING), then the plans and
-- times of the queries that must stay index-driven at that size. Run by bin/benchmark on a copy of the schema.
\timing off
INSERT INTO recharge (tx_no, account_no, amount, currency, status, failure_reason, created_at, completed_at)
SELECT md5('scale-' || i)::uuid, 'BENCH-' || (i % 1000), 1.00, 'CNY',
       CASE WHEN i <= 1000 THEN 'PENDING' ELSE 'SUCCEEDED' END, NULL,
       timestamptz '2026-10-01' + i * interval '2.5 seconds',
       CASE WHEN i <= 1000 THEN NULL ELSE timestamptz '2026-10-01' + i * interval '2.5 seconds' + interval '40 ms' END
FROM generate_series(1, 1000000) i;
ANALYZE recharge;
\echo
\echo '== GET /recharges, a page of 1000 in the middle of a closed day (window reconciliation, keyset cursor)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM recharge WHERE completed_at IS NOT NULL
  AND completed_at >= '2026-10-15' AND completed_at < '2026-10-16'
  AND (completed_at, tx_no) > (timestamptz '2026-10-15 12:00', '00000000-0000-0000-0000-000000000000')
ORDER BY completed_at, tx_no LIMIT 1000;
\echo '== GET /recharges?accountNo=, a page of one account'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT * FROM recharge WHERE completed_at IS NOT NULL AND account_no = 'BENCH-7'
  AND (completed_at, tx_no) > (timestamptz '2026-10-20', '00000000-0000-0000-0000-000000000000')
ORDER BY completed_at, tx_no LIMIT 100;
\echo '== stale-pending claim (PendingRecovery: due PENDING rows in next-check order, each pushed out by its back-off)'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
UPDATE recharge r
SET checks = r.checks + 1,
    next_check_at = now() + make_interval(secs => least(60 * power(2, least(r.checks, 40)), 1800))
FROM (SELECT tx_no FROM recharge
      WHERE status = 'PENDING' AND next_check_at <= now() AND created_at < now() - interval '2 minutes'
      ORDER BY next_check_at
      LIMIT 100
      FOR UPDATE SKIP LOCKED) due
WHERE r.tx_no = due.tx_no
RETURNING r.tx_no, r.account_no, r.amount, r.currency, r.created_at;
ROLLBACK;
\echo '== stuck PENDING count (PendingRecovery: the recharge_pending_stuck gauge)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT count(*) FROM recharge WHERE status = 'PENDING' AND checks >= 12;
