-- Idempotent creates look up an earlier attempt by its request id (DESIGN.md: a retry never
-- doubles anything).
CREATE INDEX operation_log_request ON operation_log (request_id, action) WHERE request_id <> '';
