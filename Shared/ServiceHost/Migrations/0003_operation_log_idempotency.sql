-- The idempotency key a client gave a create (`request_id` in the request body), so a retry with
-- the same key returns the first result instead of creating again (DESIGN: cross-service steps
-- are idempotent). Kept apart from `request_id`, the tracing id of the HTTP request, because a
-- retried request is a new request with the same key.
ALTER TABLE operation_log ADD COLUMN idempotency_key text;
CREATE INDEX operation_log_idempotency ON operation_log (idempotency_key, action) WHERE idempotency_key IS NOT NULL;
