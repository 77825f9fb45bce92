-- CE-5, B-7: certificate business (变更, 补办, 注销, 单位更名) with evidence images, reviewed through
-- the approval engine (flow `business`), and what it changes on the certificates
-- (docs/CERTIFICATES.md, "Certificate business").

-- The holder's employer (工作单位), changed by a business; '' until registered.
ALTER TABLE certificates ADD COLUMN employer text NOT NULL DEFAULT '';
-- 补办: the old certificate is voided (作废) and points at its reissue, which points back.
ALTER TABLE certificates DROP CONSTRAINT certificates_state_check;
ALTER TABLE certificates ADD CONSTRAINT certificates_state_check CHECK (state IN ('valid', 'cancelled', 'voided'));
ALTER TABLE certificates ADD COLUMN replaces_id bigint REFERENCES certificates;
ALTER TABLE certificates ADD COLUMN replaced_by_id bigint REFERENCES certificates;
-- A plan's holder has one certificate that is not void (a reissue keeps the plan).
ALTER TABLE certificates DROP CONSTRAINT certificates_test_plan_id_holder_user_id_key;
CREATE UNIQUE INDEX certificates_plan_holder ON certificates (test_plan_id, holder_user_id) WHERE state <> 'voided';
-- B-7: the valid certificates naming an employer, in the institution's scope.
CREATE INDEX certificates_employer ON certificates (employer, org_id) WHERE state = 'valid';

-- B-1: signatures a change replaced (the holder's name or ID number re-signed): verifiers that
-- work offline refuse them like revoked numbers.
CREATE TABLE superseded_signatures (
    signature text PRIMARY KEY,
    certificate_id bigint NOT NULL REFERENCES certificates,
    superseded_at timestamptz NOT NULL DEFAULT now()
);

-- Evidence images, uploaded one by one before the business that uses them; `business_id` is
-- set when a business takes them (a file serves one business).
CREATE TABLE business_files (
    id bigserial PRIMARY KEY,
    org_id bigint NOT NULL,
    uploaded_by bigint NOT NULL,
    content_type text NOT NULL,
    file_name text NOT NULL DEFAULT '',
    size integer NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    business_id bigint,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX business_files_unused ON business_files (created_at) WHERE business_id IS NULL;

CREATE TABLE businesses (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('change', 'reissue', 'cancel', 'rename')),
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    certificate_id bigint REFERENCES certificates,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    -- The certificate's fields when applied for, and what the business asks for ('' : unchanged).
    old_name text NOT NULL DEFAULT '',
    old_id_number text NOT NULL DEFAULT '',
    old_employer text NOT NULL DEFAULT '',
    new_name text NOT NULL DEFAULT '',
    new_id_number text NOT NULL DEFAULT '',
    new_employer text NOT NULL DEFAULT '',
    reason text NOT NULL DEFAULT '',
    evidence bigint[] NOT NULL,
    review_comment text NOT NULL DEFAULT '',
    reviewer_org_id bigint NOT NULL,
    reviewer_name text NOT NULL DEFAULT '',
    request_id text NOT NULL DEFAULT '',
    applied_by bigint NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    reviewed_by bigint,
    reviewed_at timestamptz,
    new_certificate_id bigint REFERENCES certificates,
    -- B-7: a rename's certificates, and how many its job has changed.
    affected integer NOT NULL DEFAULT 0,
    done integer NOT NULL DEFAULT 0,
    finished_at timestamptz,
    CHECK ((kind = 'rename') = (certificate_id IS NULL))
);
CREATE INDEX businesses_org ON businesses (org_id, id DESC);
CREATE INDEX businesses_certificate ON businesses (certificate_id, id DESC);
-- One business at a time per certificate, and one pending rename per employer and institution.
CREATE UNIQUE INDEX businesses_one_pending ON businesses (certificate_id) WHERE state = 'pending';
CREATE UNIQUE INDEX businesses_one_rename ON businesses (org_id, old_employer) WHERE kind = 'rename' AND state = 'pending';
CREATE UNIQUE INDEX businesses_request ON businesses (org_id, request_id) WHERE request_id <> '';
-- B-7: renames approved and not finished, for the job.
CREATE INDEX businesses_running ON businesses (id) WHERE kind = 'rename' AND state = 'approved' AND finished_at IS NULL;

-- B-7: the certificates an approved rename changes, fixed at its approval; its job changes them
-- a chunk at a time (each chunk one transaction) and counts them in `businesses.done`.
CREATE TABLE rename_items (
    business_id bigint NOT NULL REFERENCES businesses,
    certificate_id bigint NOT NULL REFERENCES certificates,
    done boolean NOT NULL DEFAULT false,
    PRIMARY KEY (business_id, certificate_id)
);
CREATE INDEX rename_items_waiting ON rename_items (business_id, certificate_id) WHERE NOT done;

-- B-3: the registry hears of changes and voided numbers too.
ALTER TABLE registry_outbox DROP CONSTRAINT registry_outbox_kind_check;
ALTER TABLE registry_outbox ADD CONSTRAINT registry_outbox_kind_check CHECK (kind IN ('issue', 'cancel', 'reactivate', 'change', 'void'));
