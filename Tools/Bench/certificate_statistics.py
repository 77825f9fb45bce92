"""CE-8 benchmark (docs/BENCHMARKS.md), against a running stack: COUNT (1,000,000) certificates
written straight into the stack's certificates schema (segments of 9,999, issued over the last 8
months to the demo institutions and spread over the province's cities, 1 in 20 cancelled), their
tallies built as migration 0105 builds them, then GET /api/v1/certificate-statistics as
sheng_admin (the whole province) and as hefei_admin, RUNS times each: median and worst.
Run by scripts/bench-statistics.sh.
"""
import os, statistics, sys

from benchstack import login, psql, request

COUNT = int(os.environ.get("COUNT", "1000000"))
RUNS = int(os.environ.get("RUNS", "50"))
CITIES = ["3401", "3402", "3403", "3404", "3405", "3406", "3407", "3408", "3410", "3411", "3412", "3413", "3415", "3416", "3417", "3418"]


def fill():
    have = int(psql("certificates", "SELECT count(*) FROM certificates WHERE number LIKE 'SB%'"))
    if have == COUNT:
        print(f"{have} benchmark certificates already there")
        return
    psql("certificates", """
        DELETE FROM certificate_tallies WHERE post LIKE 'S%' AND org_id IN (SELECT DISTINCT org_id FROM certificates WHERE number LIKE 'SB%');
        DELETE FROM certificates WHERE number LIKE 'SB%';""")
    orgs = psql("identity", "SELECT id || ':' || name FROM organisations WHERE kind IN ('training_institution', 'province_direct') ORDER BY id").split("\n")
    province = int(psql("identity", "SELECT id FROM organisations WHERE code = '34'"))
    org_ids = "ARRAY[" + ",".join(o.split(":")[0] for o in orgs) + "]::bigint[]"
    org_names = "ARRAY[" + ",".join("'" + o.split(":", 1)[1] + "'" for o in orgs) + "]::text[]"
    cities = "ARRAY[" + ",".join(f"'{c}'" for c in CITIES) + "]::text[]"
    segments = COUNT // 9999 + 1
    psql("certificates", f"""
        BEGIN;
        INSERT INTO segments (year, region, code, level, code_name, issuer_org_id, issuer_name, current)
        SELECT 2026, '3400', 'S' || upper(lpad(to_hex(n), 2, '0')), '9', '压测岗位', {province}, '安徽省住房和城乡建设厅', 9999
        FROM generate_series(1, {segments}) n ON CONFLICT DO NOTHING;
        INSERT INTO certificates (number, segment_id, sequence, holder_user_id, holder_name, id_number, post, post_name, level,
            issuer_org_id, issuer_name, org_id, org_name, issued_on, valid_until, state, key_id, signature, city)
        SELECT 'SB' || lpad(i::text, 12, '0'), s.id, i % 9999 + 1, 9000000000 + i, '统计考生', '340101199001011234',
            s.code, '压测岗位', '9', {province}, '安徽省住房和城乡建设厅',
            ({org_ids})[i % array_length({org_ids}, 1) + 1], ({org_names})[i % array_length({org_ids}, 1) + 1],
            current_date - (i % 240), current_date - (i % 240) + 1095, CASE WHEN i % 20 = 0 THEN 'cancelled' ELSE 'valid' END,
            '3400-bench', 'x', ({cities})[i % 16 + 1]
        FROM generate_series(0, {COUNT - 1}) i
        JOIN segments s ON s.code = 'S' || upper(lpad(to_hex(i / 9999 + 1), 2, '0')) AND s.year = 2026 AND s.region = '3400';
        INSERT INTO certificate_tallies (org_id, org_name, issuer_org_id, city, post, issued_on, valid_until, valid, cancelled)
        SELECT org_id, max(org_name), issuer_org_id, city, post, issued_on, valid_until,
               count(*) FILTER (WHERE state = 'valid'), count(*) FILTER (WHERE state = 'cancelled')
        FROM certificates WHERE number LIKE 'SB%' GROUP BY org_id, issuer_org_id, city, post, issued_on, valid_until
        ON CONFLICT (org_id, issuer_org_id, city, post, issued_on, valid_until)
        DO UPDATE SET valid = certificate_tallies.valid + excluded.valid, cancelled = certificate_tallies.cancelled + excluded.cancelled;
        COMMIT;
        ANALYZE certificates; ANALYZE certificate_tallies;""")


def main():
    fill()
    total = int(psql("certificates", "SELECT count(*) FROM certificates"))
    tallies = int(psql("certificates", "SELECT count(*) FROM certificate_tallies"))
    print(f"{total} certificates, {tallies} tally rows")
    for user in ("sheng_admin", "hefei_admin"):
        token = login(user)
        times = []
        for _ in range(RUNS):
            _, seconds = request("GET", "/api/v1/certificate-statistics", token)
            times.append(seconds * 1000)
        times.sort()
        print(f"{user}: GET /api/v1/certificate-statistics median {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, worst {times[-1]:.1f} ms ({RUNS} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
