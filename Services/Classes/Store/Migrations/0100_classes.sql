-- The classes service (SPEC §3): teachers and assessors, course templates, classes with their
-- schedules and rosters, attendance with its anti-fraud facts (B-2), and messages to students
-- (B-5). The plan and its roster come from enrollment over RPC; nothing here references another
-- schema. Times are timestamptz (UTC), shown in Asia/Shanghai.

-- CL-4: the registry per institution. A person may hold several roles: one row per role.
CREATE TABLE teachers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,
    role text NOT NULL CHECK (role IN ('safety', 'theory', 'practice', 'assessor')),
    qualification text NOT NULL DEFAULT '',
    specialty text NOT NULL DEFAULT '',
    phone text NOT NULL DEFAULT '',
    photo bytea,
    photo_type text,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, id_number, role)
);
CREATE INDEX teachers_org_role ON teachers (org_id, role, specialty) WHERE active;

-- CL-1: course templates per post; lessons as a day of the course and minutes of that day.
CREATE TABLE course_templates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL,
    name text NOT NULL,
    post text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX course_templates_org ON course_templates (org_id, post);

CREATE TABLE template_lessons (
    template_id bigint NOT NULL REFERENCES course_templates (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    content text NOT NULL,
    teacher_id bigint REFERENCES teachers (id),
    day integer NOT NULL CHECK (day >= 0),
    start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440 AND end_minute > start_minute),
    place text NOT NULL DEFAULT '',
    hours integer NOT NULL CHECK (hours > 0),
    PRIMARY KEY (template_id, seq)
);

-- CL-2, CL-3: one class per plan and post. `secret` keys the rotating venue code (B-2).
CREATE TABLE classes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    division_code text NOT NULL,
    plan_id bigint NOT NULL,
    plan_name text NOT NULL,
    plan_end_at timestamptz NOT NULL,
    post text NOT NULL,
    name text NOT NULL,
    state text NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'in_training', 'finished')),
    venue_name text NOT NULL DEFAULT '',
    venue_address text NOT NULL DEFAULT '',
    venue_latitude double precision NOT NULL DEFAULT 0,
    venue_longitude double precision NOT NULL DEFAULT 0,
    venue_radius integer NOT NULL DEFAULT 200 CHECK (venue_radius BETWEEN 10 AND 5000),
    required_hours integer NOT NULL,
    review_comment text NOT NULL DEFAULT '',
    secret bytea NOT NULL,
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    reviewed_at timestamptz,
    enrollment_marked_at timestamptz,
    attendance_confirmed_at timestamptz,
    reported_at timestamptz,
    UNIQUE (plan_id, post)
);
CREATE INDEX classes_org_state ON classes (org_id, state, id DESC);

CREATE TABLE lessons (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    class_id bigint NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    content text NOT NULL,
    teacher_id bigint REFERENCES teachers (id),
    start_at timestamptz NOT NULL,
    end_at timestamptz NOT NULL CHECK (end_at > start_at),
    place text NOT NULL DEFAULT '',
    hours integer NOT NULL CHECK (hours > 0)
);
CREATE INDEX lessons_class ON lessons (class_id, start_at);
CREATE INDEX lessons_start ON lessons (start_at);

-- The roster: the plan's approved students of the class's post, copied at creation and
-- refreshed at submission. Hours are frozen here when attendance is confirmed (CL-6).
CREATE TABLE class_students (
    class_id bigint NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    student_user_id bigint NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,           -- masked (X-1)
    enrollment_id bigint NOT NULL,
    credited_hours integer,            -- frozen at confirmation; live sums before
    eligible boolean,
    reported boolean NOT NULL DEFAULT false,
    PRIMARY KEY (class_id, student_user_id)
);
CREATE INDEX class_students_student ON class_students (student_user_id);

-- CL-5, B-2: one record per student per lesson (the unique key makes two concurrent sign-ins
-- one record). Positions are WGS-84. `credited`: accepted, and both times inside their windows.
CREATE TABLE attendance (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    class_id bigint NOT NULL REFERENCES classes (id) ON DELETE CASCADE,
    lesson_id bigint NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    student_user_id bigint NOT NULL,
    sign_in_at timestamptz,
    sign_out_at timestamptz,
    state text NOT NULL CHECK (state IN ('accepted', 'pending', 'rejected')),
    flags text[] NOT NULL DEFAULT '{}',
    latitude double precision,
    longitude double precision,
    distance_m double precision,
    device_id text NOT NULL DEFAULT '',
    photo bytea,
    photo_hash bigint,
    credited boolean NOT NULL DEFAULT false,
    review_reason text NOT NULL DEFAULT '',
    reviewed_by bigint,
    reviewed_at timestamptz,
    correction_reason text NOT NULL DEFAULT '',
    corrected_by bigint,
    UNIQUE (lesson_id, student_user_id)
);
CREATE INDEX attendance_class_pending ON attendance (class_id) WHERE state = 'pending';
-- B-2's photo check compares with the class's other photos: their hashes from the index alone.
CREATE INDEX attendance_class_photos ON attendance (class_id) INCLUDE (photo_hash, student_user_id, lesson_id) WHERE photo_hash IS NOT NULL;
CREATE INDEX attendance_student_time ON attendance (student_user_id, sign_in_at DESC);
CREATE INDEX attendance_lesson_device ON attendance (lesson_id, device_id);

-- B-2 "one device per student": the device a student first signed in with.
CREATE TABLE student_devices (
    student_user_id bigint PRIMARY KEY,
    device_id text NOT NULL,
    bound_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX student_devices_device ON student_devices (device_id);

-- B-5: messages to students (a schedule changed after approval), written in the change's
-- transaction; the inbox reads them, a WeChat/SMS sender would mark them delivered.
CREATE TABLE student_notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz
);
CREATE INDEX student_notifications_user ON student_notifications (user_id, id);
