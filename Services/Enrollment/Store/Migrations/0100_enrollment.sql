-- Enrollment: plans, uploads, enrollments, student profiles (SPEC §2). Times are UTC
-- (timestamptz). Organisation and student facts are copied from the identity service when a row
-- is written (no service reads another's schema); docs/ENROLLMENT.md says which and why.

-- EN-1, EN-2: enrollment plans.
CREATE TABLE plans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    division_code text NOT NULL,               -- the institution's city (GB/T 2260)
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('new_certificate', 'continuing_education')),
    posts text[] NOT NULL CHECK (cardinality(posts) > 0),
    headcount integer NOT NULL CHECK (headcount > 0),
    start_at timestamptz NOT NULL,
    end_at timestamptz NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'submitted', 'accepted', 'approved', 'rejected')),
    requires_approval boolean NOT NULL,
    closed_early boolean NOT NULL DEFAULT false,
    review_comment text NOT NULL DEFAULT '',
    class_application_id text,
    class_application_at timestamptz,          -- EN-2: set once by the classes service
    purge_after timestamptz NOT NULL,          -- EN-2: PlanRules.purgeDeadline of end_at
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (end_at > start_at)
);
CREATE INDEX plans_org ON plans (org_id, id);
CREATE INDEX plans_open ON plans (division_code, end_at) WHERE state = 'approved';
-- The purge job's work list: approved plans still waiting for a class application.
CREATE INDEX plans_purge ON plans (purge_after) WHERE state = 'approved' AND class_application_at IS NULL;

-- EN-3, EN-6: uploaded files, kept here with their digest; served only to authorised callers.
CREATE TABLE files (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_user_id bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('id_front', 'id_back', 'education', 'photo')),
    content_type text NOT NULL,                -- from the magic bytes
    size integer NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_owner ON files (owner_user_id, id);

-- EN-4: the rejection reasons an institution picks from (plus free text).
CREATE TABLE reject_reasons (
    code text PRIMARY KEY,
    text text NOT NULL,
    position integer NOT NULL
);
INSERT INTO reject_reasons (code, text, position) VALUES
    ('id_image', '身份证照片不清晰或不完整', 1),
    ('education_image', '学历证书照片不清晰或不符合要求', 2),
    ('education_level', '学历不满足报考条件', 3),
    ('work_history', '工作简历或业绩不符合要求', 4),
    ('post_mismatch', '报考岗位与工作经历不符', 5),
    ('info_mismatch', '填写信息与证件不一致', 6),
    ('other', '其他', 7);

-- EN-3, EN-4, EN-7: one row per enrollment; the student's name, ID number and phone are copied
-- from identity when it is submitted, for the lists and the personnel search (EN-5).
CREATE TABLE enrollments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    student_user_id bigint NOT NULL,
    plan_id bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    org_id bigint NOT NULL,
    kind text NOT NULL CHECK (kind IN ('new_certificate', 'continuing_education')),
    post text NOT NULL,
    state text NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'withdrawn')),
    name text NOT NULL,
    id_number text NOT NULL,
    phone text NOT NULL,
    commitment_notice_accepted boolean NOT NULL CHECK (commitment_notice_accepted),
    employment_status text NOT NULL CHECK (employment_status IN ('employed', 'unemployed')),
    employer_division_code text NOT NULL,
    employer_name text NOT NULL DEFAULT '',
    gender text NOT NULL DEFAULT '',
    education text NOT NULL DEFAULT '',
    school text NOT NULL DEFAULT '',
    major text NOT NULL DEFAULT '',
    work_history text NOT NULL DEFAULT '',
    achievements text NOT NULL DEFAULT '',
    personal_commitment text NOT NULL DEFAULT '',
    id_front_file_id bigint REFERENCES files (id),
    id_back_file_id bigint REFERENCES files (id),
    education_file_id bigint REFERENCES files (id),
    certificate_number text NOT NULL DEFAULT '',
    certificate_verified boolean NOT NULL DEFAULT false,
    reject_reasons text[] NOT NULL DEFAULT '{}',
    reject_comment text NOT NULL DEFAULT '',
    submitted_at timestamptz NOT NULL DEFAULT now(),
    reviewed_at timestamptz,
    reviewed_by bigint
);
-- EN-3: one active enrollment per student per post.
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (student_user_id, post) WHERE state <> 'withdrawn';
CREATE INDEX enrollments_org_state ON enrollments (org_id, state, id);
CREATE INDEX enrollments_org ON enrollments (org_id, id);
CREATE INDEX enrollments_plan ON enrollments (plan_id, id);
CREATE INDEX enrollments_student ON enrollments (student_user_id, id);
-- EN-5 personnel search: exact ID number and phone, name and employer prefixes.
CREATE INDEX enrollments_id_number ON enrollments (id_number);
CREATE INDEX enrollments_phone ON enrollments (phone);
CREATE INDEX enrollments_name ON enrollments (name text_pattern_ops, id);
CREATE INDEX enrollments_employer ON enrollments (employer_name text_pattern_ops, id);

-- EN-6: the student's photo and its confirmation by an institution they enrolled with.
CREATE TABLE profiles (
    user_id bigint PRIMARY KEY,
    photo_file_id bigint REFERENCES files (id),
    photo_state text NOT NULL CHECK (photo_state IN ('pending', 'confirmed', 'returned')),
    photo_comment text NOT NULL DEFAULT '',
    reviewed_by bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- EN-2: messages to students (plan deleted, enrollment reviewed). OutboxStudentNotifier writes
-- here in the change's own transaction; a real channel (WeChat template message, SMS) would
-- deliver from this table.
CREATE TABLE student_notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz
);
CREATE INDEX student_notifications_user ON student_notifications (user_id, id);
