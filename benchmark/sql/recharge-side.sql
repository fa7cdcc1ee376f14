-- What recharge-service executes per recharge (RechargeRepository, RechargeService.complete, Outbox, OutboxRelay):
-- record PENDING; lock and complete it with its outbox row; the relay marks the row published after the broker ack.
\set amount random(1, 100000)
\set account random(0, 999)
\set seed random(1, 9000000000000000000)
INSERT INTO recharge (tx_no, account_no, amount, currency, status, created_at)
VALUES (md5(:seed || '-' || :client_id)::uuid, 'BENCH-' || :account, :amount / 100.0, 'CNY', 'PENDING', now())
ON CONFLICT (tx_no) DO NOTHING;
BEGIN;
SELECT status FROM recharge WHERE tx_no = md5(:seed || '-' || :client_id)::uuid FOR UPDATE;
UPDATE recharge SET status = 'SUCCEEDED', completed_at = now() WHERE tx_no = md5(:seed || '-' || :client_id)::uuid;
INSERT INTO outbox (tx_no, topic, message_key, payload, created_at)
VALUES (md5(:seed || '-' || :client_id)::uuid, 'recharge-results', 'BENCH-' || :account,
        '{"eventId":"' || gen_random_uuid() || '","type":"RechargeSucceeded","txNo":"' || md5(:seed || '-' || :client_id) || '"}', now())
RETURNING id \gset
COMMIT;
UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :id;
