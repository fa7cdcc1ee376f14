-- What recharge-service executes per recharge (RechargeRepository, Outbox.writeWith, OutboxRelay): record PENDING;
-- complete it with its outbox row in one statement (the completion wrapped in the outbox's CTE); the relay marks the
-- row published after the broker ack (batched there, one by one here).
\set amount random(1, 100000)
\set account random(0, 999)
\set seed random(1, 9000000000000000000)
INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
VALUES (md5(:seed || '-' || :client_id)::uuid, 'BENCH-' || :account, :amount / 100.0, 'CNY', 'PENDING', now())
ON CONFLICT (tx_no) DO NOTHING;
WITH changed AS (
    UPDATE recharge SET status = 'SUCCEEDED', failure_reason = NULL, completed_at = now()
    WHERE tx_no = md5(:seed || '-' || :client_id)::uuid AND status = 'PENDING'
    RETURNING tx_no
)
INSERT INTO outbox (tx_no, topic, message_key, payload, created_at)
SELECT tx_no, 'recharge-results', 'BENCH-' || :account,
       '{"eventId":"' || gen_random_uuid() || '","type":"RechargeSucceeded","txNo":"' || tx_no || '"}', now()
FROM changed
RETURNING id \gset
UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :id;
