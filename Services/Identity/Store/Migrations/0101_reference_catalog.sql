-- The reference catalog shipped with the system (SPEC §0), editable by the province later.
-- Codes are ours (docs/CATALOG.md): posts 01–08 with a specialty digit, skill trades T01…,
-- levels as real systems number them.

CREATE TABLE divisions (
    code text PRIMARY KEY,          -- GB/T 2260: 2 digits province, 4 digits city
    name text NOT NULL,
    parent_code text REFERENCES divisions (code)
);

INSERT INTO divisions (code, name, parent_code) VALUES ('34', '安徽省', NULL);
INSERT INTO divisions (code, name, parent_code) VALUES
    ('3401', '合肥市', '34'), ('3402', '芜湖市', '34'), ('3403', '蚌埠市', '34'), ('3404', '淮南市', '34'),
    ('3405', '马鞍山市', '34'), ('3406', '淮北市', '34'), ('3407', '铜陵市', '34'), ('3408', '安庆市', '34'),
    ('3410', '黄山市', '34'), ('3411', '滁州市', '34'), ('3412', '阜阳市', '34'), ('3413', '宿州市', '34'),
    ('3415', '六安市', '34'), ('3416', '亳州市', '34'), ('3417', '池州市', '34'), ('3418', '宣城市', '34');

-- Professional posts of JGJ/T 250-2011 (专业人员岗位) and skill trades (技能人员).
CREATE TABLE posts (
    code text PRIMARY KEY,
    name text NOT NULL,
    category text NOT NULL CHECK (category IN ('professional', 'skill')),
    specialty text                  -- 土建 / 装饰装修 / 设备安装 / 市政, where the post has them
);

INSERT INTO posts (code, name, category, specialty) VALUES
    ('011', '施工员', 'professional', '土建'), ('012', '施工员', 'professional', '装饰装修'),
    ('013', '施工员', 'professional', '设备安装'), ('014', '施工员', 'professional', '市政'),
    ('021', '质量员', 'professional', '土建'), ('022', '质量员', 'professional', '装饰装修'),
    ('023', '质量员', 'professional', '设备安装'), ('024', '质量员', 'professional', '市政'),
    ('030', '安全员', 'professional', NULL), ('040', '标准员', 'professional', NULL),
    ('050', '材料员', 'professional', NULL), ('060', '机械员', 'professional', NULL),
    ('070', '劳务员', 'professional', NULL), ('080', '资料员', 'professional', NULL),
    ('T01', '砌筑工', 'skill', NULL), ('T02', '钢筋工', 'skill', NULL), ('T03', '焊工', 'skill', NULL),
    ('T04', '架子工', 'skill', NULL), ('T05', '油漆工', 'skill', NULL), ('T06', '涂装作业工', 'skill', NULL),
    ('T07', '线路架设工', 'skill', NULL), ('T08', '混凝土工', 'skill', NULL), ('T09', '木工', 'skill', NULL),
    ('T10', '防水工', 'skill', NULL);

-- Skill levels with the codes real systems use (SPEC §0).
CREATE TABLE skill_levels (
    code smallint PRIMARY KEY,
    name text NOT NULL UNIQUE
);

INSERT INTO skill_levels (code, name) VALUES
    (0, '普工'), (5, '初级工'), (4, '中级工'), (3, '高级工'), (2, '技师'), (1, '高级技师');

-- Every rule with a number in it is province configuration with an effective date (SPEC §0).
-- The value in force at time t is the row with the latest effective_from <= t.
CREATE TABLE province_settings (
    key text NOT NULL,
    value integer NOT NULL,
    effective_from date NOT NULL,
    PRIMARY KEY (key, effective_from)
);

INSERT INTO province_settings (key, value, effective_from) VALUES
    ('login.max_failures', 5, '2000-01-01'),
    ('login.failure_window_seconds', 900, '2000-01-01'),
    ('login.lock_seconds', 1800, '2000-01-01'),
    ('sms.code_validity_seconds', 300, '2000-01-01'),
    ('sms.min_interval_seconds', 60, '2000-01-01'),
    ('sms.max_per_hour', 5, '2000-01-01'),
    ('ce.hours_per_year', 32, '2000-01-01'),
    ('ce.professional_hours_per_year', 22, '2000-01-01'),
    ('ce.hours_per_two_years_before_retraining', 64, '2000-01-01'),
    ('enrollment.plan_max_days', 31, '2000-01-01'),
    ('enrollment.class_application_days', 3, '2000-01-01'),
    ('classes.training_start_min_days', 7, '2000-01-01');
