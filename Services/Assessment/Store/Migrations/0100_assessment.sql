-- AS-1 … AS-4: test plans, their candidates with tickets and scores, ticket numbering, and
-- the discipline record (docs/ASSESSMENT.md). Reviews are the approval engine's (host migration
-- 0004, flows test_plan and scores).

CREATE TABLE test_plans (
    id bigserial PRIMARY KEY,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    division_code text NOT NULL,
    class_id bigint NOT NULL,
    class_name text NOT NULL,
    post text NOT NULL,
    post_name text NOT NULL,
    name text NOT NULL,
    exam_start_at timestamptz NOT NULL,
    exam_end_at timestamptz NOT NULL,
    place text NOT NULL,
    state text NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'submitted', 'accepted', 'approved', 'rejected')),
    score_state text NOT NULL DEFAULT 'not_reported'
        CHECK (score_state IN ('not_reported', 'reported', 'accepted', 'approved', 'not_approved')),
    review_comment text NOT NULL DEFAULT '',
    score_review_comment text NOT NULL DEFAULT '',
    assessors integer NOT NULL DEFAULT 0,
    pass_theory integer NOT NULL,
    pass_practice integer NOT NULL,
    ticket_sequence integer,                  -- PPPP of the tickets, given at approval
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    approved_at timestamptz,
    scores_approved_at timestamptz
);
CREATE INDEX test_plans_org ON test_plans (org_id, id DESC);
CREATE INDEX test_plans_class ON test_plans (class_id);

-- The candidates, in seat order (id). The full ID number is kept: tickets and sheets print it,
-- and the discipline record is by ID number; lists mask it (X-1).
CREATE TABLE candidates (
    id bigserial PRIMARY KEY,
    test_plan_id bigint NOT NULL REFERENCES test_plans (id) ON DELETE CASCADE,
    student_user_id bigint NOT NULL,
    enrollment_id bigint NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,
    seat integer NOT NULL,
    ticket_number text UNIQUE,
    sitting text CHECK (sitting IN ('present', 'absent', 'cheated')),
    theory_tenths integer CHECK (theory_tenths BETWEEN 0 AND 1000),
    practice_tenths integer CHECK (practice_tenths BETWEEN 0 AND 1000),
    result text CHECK (result IN ('passed', 'failed', 'absent', 'cheated')),
    entered_at timestamptz,
    entered_by bigint,
    UNIQUE (test_plan_id, student_user_id),
    UNIQUE (test_plan_id, seat),
    CHECK ((sitting = 'present') = (theory_tenths IS NOT NULL AND practice_tenths IS NOT NULL))
);
CREATE INDEX candidates_enrollment ON candidates (enrollment_id);
CREATE INDEX candidates_student ON candidates (student_user_id);
CREATE INDEX candidates_id_number ON candidates (id_number);

-- Eligible students a plan left out, with the reason shown to the institution and the reviewer.
CREATE TABLE excluded_candidates (
    test_plan_id bigint NOT NULL REFERENCES test_plans (id) ON DELETE CASCADE,
    student_user_id bigint NOT NULL,
    name text NOT NULL,
    id_number_masked text NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (test_plan_id, student_user_id)
);

-- PPPP of the ticket numbers: per exam year and city, row-locked at approval.
CREATE TABLE ticket_sequences (
    year integer NOT NULL,
    division_code text NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (year, division_code)
);

-- Exam discipline: each no-show and each cheating mark, written when the scores are approved.
CREATE TABLE discipline_marks (
    id bigserial PRIMARY KEY,
    id_number text NOT NULL,
    sitting text NOT NULL CHECK (sitting IN ('absent', 'cheated')),
    test_plan_id bigint NOT NULL REFERENCES test_plans (id),
    exam_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (test_plan_id, id_number)
);
CREATE INDEX discipline_marks_id_number ON discipline_marks (id_number, exam_at);
