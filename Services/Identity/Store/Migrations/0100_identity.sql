-- Identity: organisations, users, roles, enterprises, notices, SMS codes, sessions (SPEC §1).
-- Times are UTC (timestamptz); personal numbers are stored whole and masked when shown (X-1).

-- ID-5: the organisation tree: province → city authorities and 省直所 → institutions / units.
CREATE TABLE organisations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id bigint REFERENCES organisations (id),
    kind text NOT NULL CHECK (kind IN ('province', 'city_authority', 'province_direct',
                                       'training_institution', 'ce_base', 'enterprise')),
    name text NOT NULL,
    code text NOT NULL UNIQUE,                 -- InstitutionCode, or the division code for authorities
    division_code text NOT NULL,               -- GB/T 2260, e.g. 3401
    online boolean NOT NULL DEFAULT true,      -- 下线: users cannot log in, plans cannot be published
    post_scope text[] NOT NULL DEFAULT '{}',   -- 职业范围: post/trade codes it may train ('*' = all)
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'province') = (parent_id IS NULL))
);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- Per (city, kind) sequence for institution codes; row-locked while a code is allocated.
CREATE TABLE institution_code_sequences (
    division_code text NOT NULL,
    kind char(1) NOT NULL,
    last_value integer NOT NULL DEFAULT 0 CHECK (last_value BETWEEN 0 AND 999),
    PRIMARY KEY (division_code, kind)
);

-- ID-7: roles are named permission sets owned by an organisation.
CREATE TABLE roles (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES organisations (id),
    name text NOT NULL,
    permissions text[] NOT NULL DEFAULT '{}',  -- dotted names, e.g. enrollment.review
    UNIQUE (org_id, name)
);

-- ID-1, ID-6: org users log in by username, students by ID number.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('org_user', 'student')),
    org_id bigint REFERENCES organisations (id),
    username text UNIQUE,                      -- org users
    id_number text UNIQUE,                     -- students (GB 11643, 18 characters)
    name text NOT NULL,
    phone text,
    phone_verified boolean NOT NULL DEFAULT false,
    password_hash text NOT NULL,               -- PasswordHasher (scrypt)
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    real_name_verified boolean NOT NULL DEFAULT false,
    is_super_admin boolean NOT NULL DEFAULT false,
    second_factor boolean NOT NULL DEFAULT false,
    last_login_at timestamptz,
    last_login_ip inet,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'org_user') = (username IS NOT NULL AND org_id IS NOT NULL)),
    CHECK ((kind = 'student') = (id_number IS NOT NULL))
);
CREATE INDEX users_org ON users (org_id);
-- ID-6: a CE base has exactly one super admin.
CREATE UNIQUE INDEX users_one_super_admin ON users (org_id) WHERE is_super_admin;

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

-- ID-1: failed logins since the last success, for the lockout rule.
CREATE TABLE login_failures (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    failed_at timestamptz NOT NULL DEFAULT now(),
    client_ip inet
);
CREATE INDEX login_failures_user_time ON login_failures (user_id, failed_at);

-- ID-2: SMS codes, kept as SHA-256 digests; the development sender's outbox holds the text.
CREATE TABLE sms_codes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone text NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('bind_phone', 'login', 'reset_password', 'register')),
    code_sha256 text NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    used_at timestamptz,
    client_ip inet
);
CREATE INDEX sms_codes_phone_time ON sms_codes (phone, sent_at DESC);
CREATE INDEX sms_codes_ip_time ON sms_codes (client_ip, sent_at DESC);

-- OutboxSMSSender: what a real SMS gateway would have been asked to send (development only).
CREATE TABLE sms_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- GW-2: sessions; only a SHA-256 of the bearer token is stored.
CREATE TABLE sessions (
    token_sha256 text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,           -- absolute expiry
    revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- ID-9: WeChat accounts seen for a student; only the bound one may act.
CREATE TABLE wechat_bindings (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    openid text NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    bound boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, openid)
);
CREATE UNIQUE INDEX wechat_bindings_one_bound ON wechat_bindings (user_id) WHERE bound;

-- ID-10: enterprises register with their credit code; the city authority reviews.
CREATE TABLE enterprise_applications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint REFERENCES organisations (id), -- set once approved
    name text NOT NULL,
    credit_code text NOT NULL,
    credit_code_checksum_valid boolean NOT NULL,  -- false: flagged for manual review
    city_authority_id bigint NOT NULL REFERENCES organisations (id),
    state text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'approved', 'rejected')),
    rejection_reason text,
    licence_image_sha256 text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    reviewed_at timestamptz,
    reviewed_by bigint REFERENCES users (id)
);
CREATE UNIQUE INDEX enterprise_applications_live_code ON enterprise_applications (credit_code)
    WHERE state <> 'rejected';

-- ID-11: notices published by the province.
CREATE TABLE notices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES organisations (id),
    title text NOT NULL,
    body_html text NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    author_id bigint NOT NULL REFERENCES users (id)
);
