"""AS-3 benchmark: importing the scores of a 10,000-candidate test plan through the gateway
(docs/BENCHMARKS.md), as CSV and as XLSX, with the assessment service's peak memory.

Sets up one approved test plan of hfjx_admin's institution with ROWS candidates straight in
the stack's assessment schema (valid ID numbers, tickets), then, RUNS times: downloads the CSV
template, fills in every score, checks it (commit=false) and imports it (commit=true); downloads
the XLSX template (libxlsxwriter, now carrying the scores) and checks and imports that. Each
request is timed end to end (upload, parse, validation of every row, the single transaction).
Prints the times and the service's VmHWM (peak resident memory) before and after.

Run by scripts/bench-score-import.sh against a running stack.
"""
import json, os, statistics, sys, time, urllib.parse

from benchstack import BASE, PG, STACK_DIR, id_number, login, peak_kb, psql, request

ROWS = int(os.environ.get("ROWS", "10000"))
RUNS = int(os.environ.get("RUNS", "3"))


def setup(run):
    org = int(psql("identity", "SELECT org_id FROM users WHERE username = 'hfjx_admin'"))
    plan = int(psql("assessment", f"""
        INSERT INTO test_plans (org_id, org_name, division_code, class_id, class_name, post, post_name, name, exam_start_at,
                                exam_end_at, place, state, pass_theory, pass_practice, ticket_sequence, created_by, approved_at)
        VALUES ({org}, '合肥建筑职业培训学校', '3401', 0, '压测班', '011', '施工员', '成绩导入压测 {run}', now() + interval '10 days',
                now() + interval '10 days 2 hours', '压测考场', 'approved', 60, 60, {run}, 0, now()) RETURNING id"""))
    numbers = ",".join(f"({9_000_000_000 + run * ROWS + i}, '{id_number(i)}')" for i in range(ROWS))
    psql("assessment", f"""
        INSERT INTO candidates (test_plan_id, student_user_id, enrollment_id, name, id_number, seat, ticket_number)
        SELECT {plan}, student, -student, '压测考生' || (row_number() OVER (ORDER BY student)), number,
               row_number() OVER (ORDER BY student), '269' || lpad(({run})::text, 7, '0') || lpad((row_number() OVER (ORDER BY student))::text, 5, '0')
        FROM (VALUES {numbers}) AS n (student, number);""")
    return plan


def imports(token, plan, name, body):
    path = f"/api/v1/test-plans/{plan}/score-imports?filename={urllib.parse.quote(name)}"
    answer, check = request("POST", path + "&commit=false", token, body, "application/octet-stream")
    answer = json.loads(answer)
    assert not answer.get("errorCount"), answer.get("errors", [])[:3]
    answer, commit = request("POST", path + "&commit=true", token, body, "application/octet-stream")
    answer = json.loads(answer)
    assert answer.get("committed") and answer.get("rows") == ROWS, {k: answer.get(k) for k in ("rows", "errorCount", "committed")}
    return check, commit


def main():
    token = login("hfjx_admin")
    before, pid = peak_kb("assessment")
    print(f"assessment pid {pid}: VmHWM before {before / 1024:.1f} MiB; {ROWS} rows, {RUNS} runs")
    results = {k: [] for k in ("csv template", "csv check", "csv import", "xlsx template", "xlsx check", "xlsx import")}
    for run in range(RUNS):
        plan = setup(int(time.time()) % 9_000_000 + run)
        data, t = request("GET", f"/api/v1/test-plans/{plan}/score-template?format=csv", token)
        results["csv template"].append(t)
        lines = data.decode("utf-8-sig").splitlines()
        filled = [lines[0]] + [",".join(line.split(",")[:3] + [str(55 + i % 45), str(60 + i % 40), ""]) for i, line in enumerate(lines[1:])]
        csv = "\r\n".join(filled).encode()
        check, commit = imports(token, plan, "成绩.csv", csv)
        results["csv check"].append(check); results["csv import"].append(commit)
        xlsx, t = request("GET", f"/api/v1/test-plans/{plan}/score-template?format=xlsx", token)
        results["xlsx template"].append(t)
        check, commit = imports(token, plan, "成绩.xlsx", xlsx)
        results["xlsx check"].append(check); results["xlsx import"].append(commit)
        print(f"run {run + 1}: csv {len(csv) / 1024:.0f} KB check {results['csv check'][-1]:.2f} s import {results['csv import'][-1]:.2f} s; "
              f"xlsx {len(xlsx) / 1024:.0f} KB check {results['xlsx check'][-1]:.2f} s import {results['xlsx import'][-1]:.2f} s")
    for key, values in results.items():
        print(f"{key:14s} median {statistics.median(values):.3f} s  (min {min(values):.3f}, max {max(values):.3f})")
    after, _ = peak_kb("assessment")
    print(f"assessment VmHWM after {after / 1024:.1f} MiB")


if __name__ == "__main__":
    sys.exit(main())
