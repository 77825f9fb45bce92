"""What the benchmarks share: the running stack's addresses (scripts/dev-stack.sh; HTTP_PORT,
DEV_PG_PORT, STACK_DIR override), psql into a service's schema, a demo login, a timed request,
valid ID numbers, and a service's peak memory (VmHWM). Standard library only."""
import json, os, subprocess, time, urllib.request

HOST = "127.0.0.1"
PORT = int(os.environ.get("HTTP_PORT", "8080"))
PG = int(os.environ.get("DEV_PG_PORT", "55432"))
STACK_DIR = os.environ.get("STACK_DIR", ".dev")
BASE = f"http://{HOST}:{PORT}"


def psql(role, sql):
    """Runs `sql` as the service's role (its schema first on the search path); stdout, stripped."""
    out = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", f"postgresql://{role}@{HOST}:{PG}/training"],
                         input=sql, check=True, capture_output=True, text=True)
    return out.stdout.strip()


def id_number(i):
    """A valid GB 11643 number, distinct for every i below 21,000."""
    body = f"340104{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def request(method, path, token=None, body=None, content_type=None):
    """(body bytes, seconds) of one request, timed end to end."""
    req = urllib.request.Request(BASE + path, data=body, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if content_type:
        req.add_header("Content-Type", content_type)
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as response:
        data = response.read()
    return data, time.perf_counter() - started


def login(user):
    req = urllib.request.Request(BASE + "/api/v1/sessions", data=json.dumps({"login": user, "password": "Demo2026a"}).encode(),
                                 method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.load(response)["session"]["token"]


def peak_kb(service):
    """(VmHWM in KiB, pid) of the stack's `service`."""
    pid = open(os.path.join(STACK_DIR, "run", f"{service}.pid")).read().strip()
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]), pid
    return 0, pid


async def worker(queue, latencies, statuses):
    """Sends the queue's (method, path, token, body) requests one after another over one
    keep-alive HTTP/1.1 connection, recording each latency and status, until the queue is empty."""
    import asyncio
    reader, writer = await asyncio.open_connection(HOST, PORT)
    while True:
        try:
            method, path, token, body = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        body = body or b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\n" + (f"Authorization: Bearer {token}\r\n" if token else "")
                + f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        started = time.perf_counter()
        writer.write(head + body)
        status_line = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        status = int(status_line.split()[1])
        statuses[status] = statuses.get(status, 0) + 1
    writer.close()
