-- CE-3: registration batches (批次管理, seed 002): a unit's named batch of qualified persons with
-- documents and images, reviewed candidate by candidate at its city and then the province
-- (approval engine flow `batch`), whose approval issues the certificates (docs/CERTIFICATES.md,
-- "Registration batches").

CREATE TABLE batches (
    id bigserial PRIMARY KEY,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    org_code text NOT NULL,
    city text NOT NULL,
    name text NOT NULL,
    code text NOT NULL UNIQUE,
    state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'reviewing', 'approved', 'rejected')),
    stage text NOT NULL DEFAULT '' CHECK (stage IN ('', 'city', 'province')),
    reviewer_org_id bigint NOT NULL DEFAULT 0,
    reviewer_name text NOT NULL DEFAULT '',
    review_comment text NOT NULL DEFAULT '',
    returned_from bigint REFERENCES batches,
    request_id text NOT NULL DEFAULT '',
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    reviewed_at timestamptz,
    first_number text NOT NULL DEFAULT '',
    last_number text NOT NULL DEFAULT ''
);
CREATE INDEX batches_org ON batches (org_id, id DESC);
CREATE INDEX batches_reviewer ON batches (reviewer_org_id, id DESC) WHERE state = 'reviewing';
CREATE UNIQUE INDEX batches_request ON batches (org_id, request_id) WHERE request_id <> '';
-- 批次代码: the unit's code and its batches' sequence.
CREATE TABLE batch_sequences (
    org_id bigint PRIMARY KEY,
    current integer NOT NULL
);

CREATE TABLE batch_candidates (
    id bigserial PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES batches ON DELETE CASCADE,
    row integer NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,
    employer text NOT NULL,
    post text NOT NULL,
    post_name text NOT NULL,
    level text NOT NULL,
    verdict text NOT NULL DEFAULT 'pending' CHECK (verdict IN ('pending', 'passed', 'rejected')),
    reason text NOT NULL DEFAULT '',
    certificate_id bigint REFERENCES certificates,
    UNIQUE (batch_id, id_number, post)
);
CREATE INDEX batch_candidates_batch ON batch_candidates (batch_id, row);

CREATE TABLE batch_files (
    id bigserial PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES batches ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('document', 'image')),
    file_name text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    uploaded_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX batch_files_batch ON batch_files (batch_id, id);

-- The certificates a batch issued (holder_user_id 0: the person may have no student account).
ALTER TABLE certificates ADD COLUMN batch_id bigint REFERENCES batches;
CREATE INDEX certificates_batch ON certificates (batch_id) WHERE batch_id IS NOT NULL;
