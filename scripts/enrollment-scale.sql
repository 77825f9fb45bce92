-- Loads a province-sized enrollment data set for the EN-5 scale benchmark
-- (scripts/enrollment-scale.sh; docs/BENCHMARKS.md). Run as a superuser on the `training`
-- database of a stack whose demo data is loaded. Safe to run again: it loads the synthetic rows once.
--   identity:   200 more training institutions, 100 under 合肥 (3401T100…) and 100 under 六安
--   enrollment: 5 plans per institution (the demo ones included, 1,020 plans) and :'total'
--               enrollments spread evenly over them, with a realistic state mix
-- Students are synthetic user ids (no identity accounts): the lists and the search read only
-- enrollment's own copy of name, ID number and phone. ID numbers have the real shape but not a
-- valid check character.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

BEGIN;
INSERT INTO identity.organisations (parent_id, kind, name, code, division_code, post_scope)
SELECT city.id, 'training_institution', city.short || '第' || n || '建设培训学校', city.division || 'T' || lpad((99 + n)::text, 3, '0'),
       city.division, '{011,012,021,030,050,080}'
FROM (SELECT id, division_code AS division, CASE division_code WHEN '3401' THEN '合肥' ELSE '六安' END AS short
      FROM identity.organisations WHERE code IN ('3401', '3415')) city, generate_series(1, 100) n
ON CONFLICT (code) DO NOTHING;
UPDATE identity.institution_code_sequences SET last_value = greatest(last_value, 199)
WHERE kind = 'T' AND division_code IN ('3401', '3415');
COMMIT;

-- Loads only when no synthetic enrollment (student id from 10,000,000) is there yet; the shell
-- script has already refused a stack holding another number of them.
SELECT count(*) = 0 AS empty FROM enrollment.enrollments WHERE student_user_id >= 10000000 \gset
\if :empty
BEGIN;
INSERT INTO enrollment.plans (org_id, org_name, division_code, name, kind, posts, headcount, start_at, end_at, state,
                              requires_approval, purge_after, created_by, class_application_at)
SELECT o.id, o.name, o.division_code, '2026年第' || term || '期培训', 'new_certificate', '{011,021,030}', 5000,
       now() - (term * 40 + 30) * interval '1 day', now() - term * 40 * interval '1 day' + interval '10 days', 'approved',
       false, now() + interval '1000 days', 0, now() - term * 40 * interval '1 day'
FROM identity.organisations o, generate_series(1, 5) term
WHERE o.kind IN ('training_institution', 'province_direct');

CREATE TEMP TABLE numbered_plans AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, org_id FROM enrollment.plans;

INSERT INTO enrollment.enrollments (student_user_id, plan_id, org_id, kind, post, state, name, id_number, phone,
    commitment_notice_accepted, employment_status, employer_division_code, employer_name, education, work_history,
    personal_commitment, submitted_at, reviewed_at)
SELECT 10000000 + i, p.id, p.org_id, 'new_certificate', (ARRAY['011','021','030'])[1 + i % 3],
       CASE WHEN i % 50 = 0 THEN 'withdrawn' WHEN i % 10 < 2 THEN 'submitted' WHEN i % 25 = 1 THEN 'rejected' ELSE 'approved' END,
       (ARRAY['王','李','张','刘','陈','杨','赵','黄','周','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + i % 20]
         || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀英','霞','平',
                   '刚','桂英','华','建华','文','玉兰','辉','建国','红','建军','海燕','志强','婷','斌','宇','浩','凯','健','俊','帆',
                   '鹏','雪','琳','晨','欣','佳','瑞','博','子轩','梓涵'])[1 + (i / 20) % 50],
       '3401' || lpad((i % 100)::text, 2, '0') || (1960 + i % 40) || lpad((1 + i % 12)::text, 2, '0')
         || lpad((1 + i % 28)::text, 2, '0') || lpad((i % 10000)::text, 4, '0'),
       '139' || lpad(i::text, 8, '0'),
       true, 'employed', (ARRAY['3401','3415'])[1 + i % 2],
       (ARRAY['安徽建工集团','中铁四局','合肥城建','安徽水安','中建八局'])[1 + i % 5] || '第' || (i % 100) || '工程公司',
       '大专', '施工现场工作五年', '本人承诺所填信息真实有效。',
       now() - (i % 200) * interval '1 day', CASE WHEN i % 10 >= 2 THEN now() - (i % 190) * interval '1 day' END
FROM generate_series(0, :total - 1) i
JOIN numbered_plans p ON p.n = i % (SELECT count(*) FROM numbered_plans);
COMMIT;
-- What autovacuum does to a table that has settled: statistics and the visibility map.
VACUUM ANALYZE enrollment.plans;
VACUUM ANALYZE enrollment.enrollments;
\endif

SELECT (SELECT count(*) FROM enrollment.enrollments) AS enrollments, (SELECT count(*) FROM enrollment.plans) AS plans,
       (SELECT count(*) FROM identity.organisations WHERE kind = 'training_institution') AS institutions;
