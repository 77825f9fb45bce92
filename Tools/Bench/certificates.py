"""CE-2 and CE-7/B-1 benchmarks (docs/BENCHMARKS.md), against a running stack:

1. Generation: RUNS times, a test plan whose scores the province approved, with ROWS passed
   candidates, is written straight into the stack's assessment schema (each run a fresh post
   code, so a fresh segment); sheng_admin generates its certificates through the gateway in one
   request, timed end to end (the assessment directory call, the numbers, one ECDSA signature
   each, the certificates, their events and outbox rows, one transaction). Then counts in SQL that
   every certificate, event and outbox row is there and the sequences are 1…ROWS. ROWS defaults
   to 9,999: one segment holds 0001–9999, so one post's generation cannot be larger (CE-1).
2. Public lookups (CE-7): LOOKUPS POST /api/v1/public/certificate-lookup requests by number (of
   the certificates just made: each reads the address's misses, the certificate, and writes its
   log row) over CONNECTIONS keep-alive connections; rate and p50/p99. Then the same for
   GET /api/v1/public/certificate-status (B-1). Start the stack with
   RATE_LIMIT_LOOKUP_PER_MINUTE=0, or the per-IP limit answers 429.

Prints the certificates service's peak memory too. Run by scripts/bench-certificates.sh.
"""
import asyncio, json, os, random, statistics, sys, time

from benchstack import PG, id_number, login, peak_kb, psql, request, worker

ROWS = int(os.environ.get("ROWS", "9999"))
RUNS = int(os.environ.get("RUNS", "3"))
LOOKUPS = int(os.environ.get("LOOKUPS", "20000"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))


def setup(post):
    org = int(psql("identity", "SELECT org_id FROM users WHERE username = 'hfjx_admin'"))
    province = int(psql("identity", "SELECT id FROM organisations WHERE code = '34'"))
    plan = int(psql("assessment", f"""
        INSERT INTO test_plans (org_id, org_name, division_code, class_id, class_name, post, post_name, name, exam_start_at,
                                exam_end_at, place, state, score_state, pass_theory, pass_practice, created_by, approved_at,
                                scores_approved_at)
        VALUES ({org}, '合肥建筑职业培训学校', '3401', 0, '压测班', '{post}', '压测岗位', '发证压测 {post}', now(),
                now() + interval '2 hours', '压测考场', 'approved', 'approved', 60, 60, 0, now(), now()) RETURNING id"""))
    numbers = ",".join(f"('{id_number(i)}')" for i in range(ROWS))
    psql("assessment", f"""
        INSERT INTO approvals (flow, item_id, stage, route_levels, route_orgs, applicant_org_id)
        VALUES ('test_plan', {plan}, 'approved', '{{province}}', ARRAY[{province}::bigint], {org}),
               ('scores', {plan}, 'approved', '{{province}}', ARRAY[{province}::bigint], {org});
        INSERT INTO candidates (test_plan_id, student_user_id, enrollment_id, name, id_number, seat, sitting, theory_tenths,
                                practice_tenths, result)
        SELECT {plan}, 7000000000 + {plan} * 10000 + seat, 7000000000 + {plan} * 10000 + seat, '压测考生' || seat, number, seat, 'present', 800, 800, 'passed'
        FROM (SELECT number, row_number() OVER () AS seat FROM (VALUES {numbers}) AS n (number)) AS s;""")
    return plan


def check(plan):
    row = psql("certificates", f"""
        SELECT count(*), count(DISTINCT c.sequence), min(c.sequence), max(c.sequence),
               (SELECT count(*) FROM certificate_events e WHERE e.certificate_id = ANY(array_agg(c.id))),
               (SELECT count(*) FROM registry_outbox o WHERE o.certificate_id = ANY(array_agg(c.id)))
        FROM certificates c WHERE c.test_plan_id = {plan}""")
    count, distinct, low, high, events, outbox = map(int, row.split("|"))
    assert count == distinct == high == events == outbox == ROWS and low == 1, row
    return [n for n in psql("certificates", f"SELECT number FROM certificates WHERE test_plan_id = {plan}").split("\n")]


def drain(plan, limit=300):
    """Waits until the plan's outbox rows are delivered (the stack's pusher and simulator, B-3), so
    that the next run does not share the CPU with them; the seconds it took, or None without a pusher."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        waiting = int(psql("certificates", f"""
            SELECT count(*) FROM registry_outbox o JOIN certificates c ON c.id = o.certificate_id
            WHERE c.test_plan_id = {plan} AND o.delivered_at IS NULL"""))
        if waiting == 0:
            return time.perf_counter() - started
        time.sleep(0.5)
    print(f"  {waiting} records still waiting for the registry after {limit} s")
    return None


async def lookups(numbers, public):
    queue = asyncio.Queue()
    for _ in range(LOOKUPS):
        number = random.choice(numbers)
        queue.put_nowait(("POST", "/api/v1/public/certificate-lookup", None, json.dumps({"number": number}).encode()) if public
                         else ("GET", f"/api/v1/public/certificate-status?number={number}", None, None))
    latencies, statuses = [], {}
    started = time.perf_counter()
    await asyncio.gather(*(worker(queue, latencies, statuses) for _ in range(CONNECTIONS)))
    return time.perf_counter() - started, latencies, statuses


def main():
    token = login("sheng_admin")
    before, pid = peak_kb("certificates")
    print(f"certificates pid {pid}: VmHWM before {before / 1024:.1f} MiB; {ROWS} certificates, {RUNS} runs")
    times, numbers = [], []
    for run in range(RUNS):
        post = "B" + "".join(random.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(2))
        plan = setup(post)
        data, seconds = request("POST", f"/api/v1/test-plans/{plan}/certificates", token, b"{}", "application/json")
        answer = json.loads(data)
        assert answer.get("issued") == ROWS and not answer.get("alreadyGenerated"), answer
        numbers = check(plan)
        times.append(seconds)
        print(f"run {run + 1}: post {post} plan {plan}: {ROWS} certificates in {seconds:.2f} s "
              f"({answer['firstNumber']} … {answer['lastNumber']})")
        drained = drain(plan)
        if drained:
            print(f"  the registry pusher delivered them in {drained:.1f} s ({ROWS / drained:.0f} records/s)")
    print(f"generation median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}); "
          f"per 10,000 at the median rate {statistics.median(times) * 10000 / ROWS:.2f} s")
    after, _ = peak_kb("certificates")
    print(f"certificates VmHWM after {after / 1024:.1f} MiB")
    for public, name in ((True, "public lookups"), (False, "status lookups")):
        if not LOOKUPS:
            break
        seconds, latencies, statuses = asyncio.run(lookups(numbers, public))
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
        print(f"{name}: {LOOKUPS} over {CONNECTIONS} connections in {seconds:.2f} s = {LOOKUPS / seconds:.0f}/s; "
              f"p50 {p(0.5):.1f} ms p99 {p(0.99):.1f} ms; statuses {statuses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
