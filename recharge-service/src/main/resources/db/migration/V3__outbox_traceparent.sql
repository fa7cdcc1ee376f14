-- The trace of the request that recorded a result (W3C traceparent), so the relay's publish – seconds or hours later,
-- from another pod – continues that trace. Null when tracing is off or the result was recorded outside a request.
ALTER TABLE outbox ADD COLUMN traceparent TEXT CHECK (length(traceparent) <= 512);
