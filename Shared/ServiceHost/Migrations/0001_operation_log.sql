-- ID-8: every state change in a service, recorded in the change's own transaction.
-- Shared by every service schema (host migrations 0001–0099; a service's own start at 0100).
CREATE TABLE operation_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    request_id text NOT NULL,
    actor_user_id bigint,
    actor_org_id bigint,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    client_ip inet,
    outcome text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX operation_log_org_time ON operation_log (actor_org_id, occurred_at DESC);
CREATE INDEX operation_log_actor_time ON operation_log (actor_user_id, occurred_at DESC);
