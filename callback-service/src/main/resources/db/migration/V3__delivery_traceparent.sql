-- callback-service: the trace each delivery continues.

-- The W3C traceparent of the intake span that planned the delivery (always the 55 characters the service writes):
-- every attempt, however much later (retries over hours, operators' resends, after restarts), joins the recharge's
-- trace through it. Null when tracing is off, and for deliveries planned before this column existed (their attempts
-- start traces of their own). A nullable column rewrites nothing, and no CHECK scans the table under its lock; the
-- lock timeout keeps a rolling deploy from queueing every delivery statement behind a long transaction.
SET LOCAL lock_timeout = '10s';
ALTER TABLE delivery ADD COLUMN traceparent text;
