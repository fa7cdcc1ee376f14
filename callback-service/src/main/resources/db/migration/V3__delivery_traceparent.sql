-- callback-service: the trace each delivery continues.

-- The W3C traceparent of the intake span that planned the delivery: every attempt, however much later (retries over
-- hours, operators' resends, after restarts), joins the recharge's trace through it. Null when tracing was off, and for
-- deliveries planned before this column existed (their attempts start traces of their own).
ALTER TABLE delivery ADD COLUMN traceparent text CHECK (length(traceparent) <= 512);
