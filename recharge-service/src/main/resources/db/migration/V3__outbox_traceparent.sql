-- The trace of the request that recorded a result (W3C traceparent, always the 55 characters the service writes), so
-- the relay's publish – seconds or hours later, from another pod – continues that trace. Null when tracing is off or
-- the result was recorded outside a request. No CHECK: it would scan the whole table under an exclusive lock.
SET LOCAL lock_timeout = '10s';
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
