-- SPEC §0: the province edits its numbered rules and the reference catalog, each change with an
-- effective date (Asia/Shanghai) and an operation-log entry. What is in force on a day is the
-- version with the latest effective date not after it; the views below say so once, and every
-- reader (the services' settings, the post catalogue of scopes) reads them.

-- Today in Asia/Shanghai, by the database's clock (the clock of every effective date).
CREATE FUNCTION province_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- Who scheduled a value, and when (NULL for the shipped defaults).
ALTER TABLE province_settings
    ADD COLUMN changed_by bigint REFERENCES users (id),
    ADD COLUMN changed_at timestamptz;

CREATE VIEW province_settings_in_force AS
    SELECT DISTINCT ON (key) key, value, effective_from
    FROM province_settings
    WHERE effective_from <= province_today()
    ORDER BY key, effective_from DESC;

-- The catalog as versions: posts (专业人员岗位), skill trades (技能工种) and skill levels (技能等级).
-- A version renames an entry, changes its hours or withdraws it (停用) from its date. Divisions
-- stay in `divisions`: they follow GB/T 2260 and ship with a release (docs/CATALOG.md).
CREATE TABLE catalog_entries (
    kind text NOT NULL CHECK (kind IN ('post', 'trade', 'level')),
    code text NOT NULL,
    effective_from date NOT NULL,
    name text NOT NULL,
    specialty text NOT NULL DEFAULT '',          -- posts: 土建 / 装饰装修 / 设备安装 / 市政
    required_hours integer NOT NULL DEFAULT 0,   -- posts and trades: training hours for a new certificate
    withdrawn boolean NOT NULL DEFAULT false,
    changed_by bigint REFERENCES users (id),
    changed_at timestamptz,
    PRIMARY KEY (kind, code, effective_from)
);

-- The shipped catalog (migration 0101). SPEC §0 gives no required hours for new certificates;
-- these are placeholders the province sets: 64 for professional posts, 48 for skill trades.
INSERT INTO catalog_entries (kind, code, effective_from, name, specialty, required_hours)
    SELECT CASE category WHEN 'professional' THEN 'post' ELSE 'trade' END, code, '2000-01-01', name,
           coalesce(specialty, ''), CASE category WHEN 'professional' THEN 64 ELSE 48 END
    FROM posts;
INSERT INTO catalog_entries (kind, code, effective_from, name)
    SELECT 'level', code::text, '2000-01-01', name FROM skill_levels;
DROP TABLE posts;
DROP TABLE skill_levels;

CREATE VIEW catalog_in_force AS
    SELECT DISTINCT ON (kind, code) kind, code, effective_from, name, specialty, required_hours, withdrawn
    FROM catalog_entries
    WHERE effective_from <= province_today()
    ORDER BY kind, code, effective_from DESC;

-- The province's built-in administrator role may change them (new provinces get it from
-- Permission.grantable(for: .province)); the roles trigger of 0106 refreshes its users' grants.
UPDATE roles SET permissions = array_append(permissions, 'settings.manage')
WHERE name = '管理员' AND NOT ('settings.manage' = ANY (permissions))
  AND org_id IN (SELECT id FROM organisations WHERE kind = 'province');
