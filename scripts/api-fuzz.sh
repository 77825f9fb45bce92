#!/usr/bin/env bash
# Fuzzes the gateway's HTTP API with schemathesis, driven by the gateway's own /openapi.json,
# against a throw-away stack started from already-built executables.
#   scripts/api-fuzz.sh [BIN]
# BIN: the directory holding the six executables (default $API_FUZZ_BIN, else
# `swift build --show-bin-path`). The stack lives in .dev-fuzz/ (git-ignored) on the dev stack's
# ports + 100 (gateway 8180, PostgreSQL 55532, RPC 7201…7205, metrics 9200…9205), so it runs
# beside a developer's `scripts/dev-stack.sh`; it starts from an empty database with the demo
# data, and is stopped at the end. Exits non-zero when schemathesis reports a failure.
# Settings (environment): API_FUZZ_SEED (default 1), API_FUZZ_EXAMPLES (test cases per operation
# and phase, default 20), API_FUZZ_WORKERS (default 1: with a fixed seed the run is then
# reproducible). schemathesis (pinned below) is installed with pip into .dev-fuzz/venv.
# DELETE /api/v1/sessions/current is not fuzzed; user and role ids are pinned (docs/TESTING.md).
# Reports: .dev-fuzz/report/ (JUnit XML, NDJSON events); logs: .dev-fuzz/logs/. See docs/TESTING.md.
set -euo pipefail
bin=${1:-${API_FUZZ_BIN:-}}
[ -n "$bin" ] && bin=$(cd "$bin" && pwd)
cd "$(dirname "$0")/.."
[ -n "$bin" ] || bin=$(swift build --show-bin-path)
dir=.dev-fuzz
offset=100
http_port=$((8080 + offset))
base="http://127.0.0.1:$http_port"
seed=${API_FUZZ_SEED:-1}
examples=${API_FUZZ_EXAMPLES:-20}
workers=${API_FUZZ_WORKERS:-1}
version=4.32.5
hypothesis=6.170.17  # pinned too: what a seed generates depends on it
# The fuzz stack is always its own: the local cluster, our ports, whatever the shell says.
unset DATABASE_URL DEV_PG_PORT HTTP_PORT
stack() { STACK_DIR=$dir STACK_BIN=$bin STACK_PORT_OFFSET=$offset scripts/dev-stack.sh "$@"; }
# An older dev-stack.sh would ignore those, build release and start the default stack instead.
grep -q 'STACK_BIN' scripts/dev-stack.sh || { echo "api-fuzz: scripts/dev-stack.sh lacks STACK_BIN/STACK_DIR" >&2; exit 1; }

# schemathesis in a virtual environment of its own (kept between runs).
venv=$dir/venv
if [ "$(cat "$venv/installed" 2>/dev/null)" != "schemathesis==$version hypothesis==$hypothesis" ]; then
  echo "api-fuzz: installing schemathesis $version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "api-fuzz: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
  "$venv/bin/pip" install -q "schemathesis==$version" "hypothesis==$hypothesis" >"$dir/pip.log" 2>&1 \
    || { cat "$dir/pip.log" >&2; exit 1; }
  echo "schemathesis==$version hypothesis==$hypothesis" >"$venv/installed"
fi

# A fresh stack: stop a leftover one and drop its database (as root the cluster's data lives
# under /var/lib/postgresql/training-dev/ and .dev-fuzz/pg links to it).
stack stop >/dev/null 2>&1 || true
if [ -L "$dir/pg" ]; then
  real=$(readlink -f "$dir/pg")
  case "$real" in /var/lib/postgresql/training-dev/?*) rm -rf "$real" ;; esac
fi
rm -rf "$dir/pg" "$dir/logs" "$dir/report"
trap 'stack stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
echo "api-fuzz: starting a stack from $bin in $dir/ (gateway $base)"
# Rate limits high enough that the login, registration and SMS handlers get fuzzed instead of
# answering 429 after the first few requests (the limiter has its own tests).
if ! RATE_LIMIT_LOGIN_PER_MINUTE=1000000 RATE_LIMIT_SMS_PER_MINUTE=1000000 stack >"$dir/stack.log" 2>&1; then
  cat "$dir/stack.log" >&2
  exit 1
fi

token=$(curl -fsS -X POST "$base/api/v1/sessions" -d '{"login":"hfjx_admin","password":"Demo2026a"}' \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "api-fuzz: logging in as hfjx_admin failed" >&2; exit 1; }
get() { curl -fsS -H "Authorization: Bearer $token" "$base$1"; }
py() { "$venv/bin/python" -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
# What the fuzzer may do depends on its own account: compared after the run.
account() { get /api/v1/me | py '[sorted(d["caller"]["permissions"]), d["caller"]["roles"], d["organisation"]["online"]]'; }
before=$(account)

# The operations that take a user or role by id act on hfjx_new and its role 报名审核员, never on
# the fuzzer's own account (hfjx_admin could otherwise disable itself or strip its own roles).
user=$(get /api/v1/users | py 'next(u["id"] for u in d["users"] if u["username"] == "hfjx_new")')
role=$(get /api/v1/roles | py 'next(r["id"] for r in d["roles"] if r["name"] == "报名审核员")')
cat >"$dir/schemathesis.toml" <<TOML
# Written by scripts/api-fuzz.sh for this run.
# A request the schemas allow may still break a domain rule the schema cannot say (a name in
# 2–30 Chinese characters, a GB 11643 checksum, the password policy, "a rejection needs a
# reason"): the API then answers 400 with a Chinese message, which is an acceptance of the
# data's shape. Every other expectation is schemathesis' default.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

[[operations]]
include-operation-id = ["patch/api/v1/users/{userId}", "put/api/v1/users/{userId}/password", "delete/api/v1/users/{userId}/phone"]
parameters = { userId = $user }

[[operations]]
include-operation-id = "put/api/v1/roles/{roleId}"
parameters = { roleId = $role }
TOML

# Every check, every phase; output not sanitized (the token is a throw-away stack's, and reports
# then replay as they are: schemathesis would hide pageToken values too). Not fuzzed:
# DELETE /api/v1/sessions/current (logout) would revoke the token every other request carries,
# and the rest of the run would only see 401.
status=0
"$venv/bin/st" --config-file "$dir/schemathesis.toml" run "$base/openapi.json" \
  --checks all \
  --seed "$seed" --max-examples "$examples" --workers "$workers" \
  --generation-database none \
  --header "Authorization: Bearer $token" \
  --exclude-operation-id delete/api/v1/sessions/current \
  --request-timeout 20 \
  --report junit,ndjson --report-dir "$dir/report" \
  --output-sanitize false \
  --no-color || status=$?

# The session and the account must have survived the run, or what followed tested something else.
after=$(account 2>/dev/null || echo "session no longer valid")
if [ "$after" != "$before" ]; then
  echo "api-fuzz: the run changed the fuzzer's own account (hfjx_admin): before $before, after $after" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "api-fuzz: no failures" || echo "api-fuzz: failures (reports in $dir/report/, logs in $dir/logs/)" >&2
exit "$status"
