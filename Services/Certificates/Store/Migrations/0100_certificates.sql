-- CE-1, CE-2, CE-4, B-1, B-3: number segments, certificates with their signatures, their business
-- log, generations (one per test plan), and the national registry's outbox (docs/CERTIFICATES.md).

-- CE-1: one segment per year × issuing authority (its 4-digit region) × post or trade × level.
-- `current` is the last sequence given. A generation locks the row (FOR UPDATE) in the same
-- transaction as its certificates: a rolled-back generation gives its numbers back, and no two
-- transactions, in any number of instances, get the same sequence.
CREATE TABLE segments (
    id bigserial PRIMARY KEY,
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    region text NOT NULL CHECK (region ~ '^[0-9]{4}$'),
    code text NOT NULL CHECK (code ~ '^[0-9A-Z]{3}$'),
    level text NOT NULL CHECK (level ~ '^[0-9]$'),
    code_name text NOT NULL,
    issuer_org_id bigint NOT NULL,
    issuer_name text NOT NULL,
    current integer NOT NULL DEFAULT 0 CHECK (current BETWEEN 0 AND 9999),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (year, region, code, level)
);

-- CE-2: one generation per test plan; a retry finds it and returns the same certificates.
CREATE TABLE generations (
    test_plan_id bigint PRIMARY KEY,
    issued integer NOT NULL,
    first_number text NOT NULL,
    last_number text NOT NULL,
    generated_by bigint NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE certificates (
    id bigserial PRIMARY KEY,
    number text NOT NULL UNIQUE,
    segment_id bigint NOT NULL REFERENCES segments,
    sequence integer NOT NULL CHECK (sequence BETWEEN 1 AND 9999),
    holder_user_id bigint NOT NULL,
    holder_name text NOT NULL,
    id_number text NOT NULL,
    post text NOT NULL,
    post_name text NOT NULL,
    level text NOT NULL,
    issuer_org_id bigint NOT NULL,
    issuer_name text NOT NULL,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    test_plan_id bigint REFERENCES generations,
    enrollment_id bigint NOT NULL DEFAULT 0,
    issued_on date NOT NULL,
    valid_until date NOT NULL,
    state text NOT NULL DEFAULT 'valid' CHECK (state IN ('valid', 'cancelled')),
    state_changed_at timestamptz,
    key_id text NOT NULL,
    signature text NOT NULL,
    push_state text NOT NULL DEFAULT 'pending' CHECK (push_state IN ('pending', 'pushed', 'failed')),
    push_error text NOT NULL DEFAULT '',
    print_count integer NOT NULL DEFAULT 0,
    printed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (segment_id, sequence),
    UNIQUE (test_plan_id, holder_user_id)
);
CREATE INDEX certificates_org ON certificates (org_id, id DESC);
CREATE INDEX certificates_issuer ON certificates (issuer_org_id, id DESC);
CREATE INDEX certificates_holder ON certificates (holder_user_id);
CREATE INDEX certificates_id_number ON certificates (id_number);

-- CE-4: the business log of each certificate (issue, cancel, reactivate, push results).
CREATE TABLE certificate_events (
    id bigserial PRIMARY KEY,
    certificate_id bigint NOT NULL REFERENCES certificates,
    action text NOT NULL,
    actor_user_id bigint NOT NULL DEFAULT 0,
    reason text NOT NULL DEFAULT '',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_events_certificate ON certificate_events (certificate_id, id);

-- B-3: one row per record for the national registry, written in the certificate's transaction;
-- the pusher takes rows with FOR UPDATE SKIP LOCKED and records the registry's answer.
CREATE TABLE registry_outbox (
    id bigserial PRIMARY KEY,
    certificate_id bigint NOT NULL REFERENCES certificates,
    kind text NOT NULL CHECK (kind IN ('issue', 'cancel', 'reactivate')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    outcome text CHECK (outcome IN ('accepted', 'rejected')),
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_outbox_due ON registry_outbox (next_attempt_at) WHERE delivered_at IS NULL;
