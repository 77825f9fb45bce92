-- ID-2: wrong entries burn a code after a few tries (a 6-digit code must not be guessable
-- within its 5 minutes).
ALTER TABLE sms_codes ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;

-- ID-10: the licence image itself, next to its digest.
ALTER TABLE enterprise_applications ADD COLUMN licence_image bytea NOT NULL DEFAULT ''::bytea;
ALTER TABLE enterprise_applications ALTER COLUMN licence_image DROP DEFAULT;

-- ID-9: the first WeChat account a student logs in from is bound; later ones are recorded.
CREATE INDEX wechat_bindings_openid ON wechat_bindings (openid);

-- Lists of students and users search by name (ID-6).
CREATE INDEX users_kind_id ON users (kind, id);

-- GW-2: session lifetimes and the SMS limits per client IP are province configuration too.
INSERT INTO province_settings (key, value, effective_from) VALUES
    ('session.idle_seconds', 1800, '2000-01-01'),
    ('session.absolute_seconds', 43200, '2000-01-01'),
    ('sms.max_per_hour_per_ip', 20, '2000-01-01'),
    ('sms.max_failed_attempts', 5, '2000-01-01');
