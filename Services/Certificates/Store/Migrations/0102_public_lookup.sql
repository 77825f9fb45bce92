-- CE-7, B-4: every public lookup (who asked from where, what, and what came of it), and the
-- challenges asked after too many misses. `id_key` is an HMAC of the queried ID number (the
-- per-ID-number limit counts it); the ID number itself is kept only masked, in `asked`.
CREATE TABLE lookup_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    ip text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('number', 'person')),
    asked text NOT NULL,
    id_key text NOT NULL DEFAULT '',
    result text NOT NULL CHECK (result IN ('found', 'not_found', 'challenged', 'challenge_failed', 'limited'))
);
CREATE INDEX lookup_log_ip ON lookup_log (ip, at);
CREATE INDEX lookup_log_id_key ON lookup_log (id_key, at) WHERE id_key <> '';

CREATE TABLE lookup_challenges (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    ip text NOT NULL,
    answer text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX lookup_challenges_expiry ON lookup_challenges (expires_at);
