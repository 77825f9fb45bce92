"""B-2/CL-5 benchmark: a burst of sign-ins through the gateway (docs/BENCHMARKS.md).

Sets up CLASSES classes of STUDENTS students each, with a lesson on now, straight in the
stack's schemas (students and their sessions in identity's, classes, lessons and rosters in
classes'), then has every student sign in once — the venue code of the moment, a position
inside the fence, a distinct photo (JPEG, ~640×480), the student's own device — over
CONNECTIONS keep-alive HTTP/1.1 connections, as fast as the stack answers. Prints the
sustained rate, p50/p90/p99 latency and the status counts, then counts in SQL that every
student has exactly one record and none is missing.

Run by scripts/bench-sign-in.sh against a running stack.
"""
import asyncio, base64, resource, hashlib, hmac, io, json, os, random, secrets, statistics, subprocess, sys, time

from benchstack import HOST, PORT, PG, psql, worker

CLASSES = int(os.environ.get("CLASSES", "40"))
STUDENTS = int(os.environ.get("STUDENTS", "50"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "64"))
LAT, LON = 31.8170, 117.2240      # the venue, WGS-84


def photos(count):
    """Distinct photo-like JPEGs (Pillow): shapes and shading from a seed."""
    from PIL import Image, ImageDraw, ImageFilter
    result = []
    for seed in range(count):
        rng = random.Random(seed)
        image = Image.new("RGB", (480, 640), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(14):
            x, y, r = rng.randrange(480), rng.randrange(640), rng.randrange(30, 160)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        image = image.filter(ImageFilter.GaussianBlur(2))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        result.append(buffer.getvalue())
    return result


def setup(run):
    """Students with sessions, and classes whose lesson is on now. Returns the requests to send."""
    org = int(psql("identity", "SELECT org_id FROM users WHERE username = 'hfjx_admin'"))
    total = CLASSES * STUDENTS
    tokens = [secrets.token_hex(32) for _ in range(total)]
    rows = ",".join(f"('student', '9{run:05d}{i:012d}', '压测学员{i}', 'x', true)" for i in range(total))
    ids = [int(x) for x in psql("identity", f"INSERT INTO users (kind, id_number, name, password_hash, real_name_verified) "
                                            f"VALUES {rows} RETURNING id").split()]
    sessions = ",".join(f"('{hashlib.sha256(t.encode()).hexdigest()}', {u}, now() + interval '2 hours')" for t, u in zip(tokens, ids))
    psql("identity", f"INSERT INTO sessions (token_sha256, user_id, expires_at) VALUES {sessions}")
    requests = []
    for c in range(CLASSES):
        secret = secrets.token_bytes(32)
        class_id = int(psql("classes", f"""
            INSERT INTO classes (org_id, org_name, division_code, plan_id, plan_name, plan_end_at, post, name, state,
                                 venue_name, venue_latitude, venue_longitude, venue_radius, required_hours, secret, created_by)
            VALUES ({org}, '压测机构', '3401', {-(run * 1000 + c + 1)}, '压测计划', now() - interval '10 days', '011',
                    '压测班{run}-{c}', 'in_training', '压测教室', {LAT}, {LON}, 300, 64, '\\x{secret.hex()}', 0) RETURNING id"""))
        lesson_id = int(psql("classes", f"INSERT INTO lessons (class_id, content, start_at, end_at, place, hours) VALUES "
                                        f"({class_id}, '压测课', now() + interval '5 minutes', now() + interval '3 hours', '教室', 3) RETURNING id"))
        members = ids[c * STUDENTS:(c + 1) * STUDENTS]
        psql("classes", "INSERT INTO class_students (class_id, student_user_id, name, id_number, enrollment_id) VALUES "
             + ",".join(f"({class_id}, {u}, '压测学员', '9000**********0000', {u})" for u in members))
        for position, (user, token) in enumerate(zip(members, tokens[c * STUDENTS:(c + 1) * STUDENTS])):
            requests.append((class_id, lesson_id, secret, user, token, position))
    return requests


def code(secret, class_id, lesson_id, now):
    """The venue code of the moment (ClassesDomain.VenueCode: HMAC-SHA256, RFC 4226 truncation)."""
    digest = hmac.new(secret, f"venue:{class_id}:{lesson_id}:{now // 30}".encode(), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    value = ((digest[offset] & 0x7F) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) | digest[offset + 3]
    return f"{value % 100_000_000:08d}"


async def burst(requests, pictures):
    now = int(time.time())
    queue = asyncio.Queue()
    for class_id, lesson_id, secret, user, token, position in requests:
        body = json.dumps({"venueCode": code(secret, class_id, lesson_id, now), "latitude": LAT + 0.0003, "longitude": LON,
                           "coordinateSystem": "COORDINATE_SYSTEM_WGS84", "hasLocation": True, "deviceId": f"bench-{user}",
                           "photo": base64.b64encode(pictures[position]).decode()}).encode()
        queue.put_nowait(("POST", f"/api/v1/classes/{class_id}/lessons/{lesson_id}/sign-in", token, body))
    latencies, statuses = [], {}
    started = time.perf_counter()
    await asyncio.gather(*(worker(queue, latencies, statuses) for _ in range(CONNECTIONS)))
    return time.perf_counter() - started, latencies, statuses


def main():
    run = int(time.time()) % 100_000
    pictures = photos(STUDENTS)
    print(f"setting up {CLASSES} classes × {STUDENTS} students (photos {min(map(len, pictures)) // 1024}–{max(map(len, pictures)) // 1024} KB)")
    requests = setup(run)
    random.Random(run).shuffle(requests)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    elapsed, latencies, statuses = asyncio.run(burst(requests, pictures))
    after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    latencies.sort()
    pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000
    print(f"sign-ins: {len(latencies)} in {elapsed:.2f} s at {CONNECTIONS} connections: {len(latencies) / elapsed:.0f}/s; "
          f"p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, p99 {pct(99):.1f} ms, max {latencies[-1] * 1000:.1f} ms; statuses {statuses}; "
          f"the load generator used {client_cpu:.2f} s of CPU")
    classes = ",".join(sorted({str(r[0]) for r in requests}))
    records, distinct, accepted = psql("classes", f"SELECT count(*), count(DISTINCT (lesson_id, student_user_id)), "
                                                  f"count(*) FILTER (WHERE state = 'accepted') FROM attendance WHERE class_id IN ({classes})").split("|")
    missing = psql("classes", f"SELECT count(*) FROM class_students s WHERE s.class_id IN ({classes}) AND NOT EXISTS "
                              f"(SELECT 1 FROM attendance a WHERE a.class_id = s.class_id AND a.student_user_id = s.student_user_id)")
    print(f"SQL: {records} records, {distinct} distinct (lesson, student), {accepted} accepted, {missing} students without a record "
          f"(expected {len(requests)}, {len(requests)}, {len(requests)}, 0)")
    ok = int(records) == int(distinct) == len(requests) and int(missing) == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
