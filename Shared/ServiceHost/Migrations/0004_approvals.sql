-- B-6: the one approval engine's tables, in every service schema (each service approves its own
-- items: enrollment plans, class applications, …). `approvals` holds where an item stands on its
-- route; `approval_events` is its review timeline, one row per step, never updated.
CREATE TABLE approvals (
    flow text NOT NULL,
    item_id bigint NOT NULL,
    stage text NOT NULL CHECK (stage IN ('draft', 'pending', 'accepted', 'approved', 'rejected')),
    stop integer NOT NULL DEFAULT 0,
    route_levels text[] NOT NULL DEFAULT '{}',
    route_orgs bigint[] NOT NULL DEFAULT '{}',
    applicant_org_id bigint NOT NULL,
    due_at timestamptz,
    reminded_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (flow, item_id)
);

-- "Awaiting my review": the items at an authority's stop.
CREATE INDEX approvals_reviewer ON approvals (flow, (route_orgs[stop + 1])) WHERE stage IN ('pending', 'accepted');
CREATE INDEX approvals_due ON approvals (due_at) WHERE stage IN ('pending', 'accepted') AND reminded_at IS NULL;

CREATE TABLE approval_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flow text NOT NULL,
    item_id bigint NOT NULL,
    action text NOT NULL,
    level text NOT NULL DEFAULT '',
    actor_user_id bigint,
    actor_org_id bigint,
    reason text NOT NULL DEFAULT '',
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX approval_events_item ON approval_events (flow, item_id, id);
