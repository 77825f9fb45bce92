#!/usr/bin/env bash
# The authenticated read path against a running stack (scripts/dev-stack.sh), in one sitting:
#   1. PostgreSQL's own select-only ceiling on this machine (pgbench -S -M prepared -c 64), on a
#      scratch database of the stack's cluster;
#   2. GET /api/v1/me through the gateway with wrk at 64 connections, signed in as hfjx_admin.
# Prints requests (or transactions) per second and latency; RUNS (default 3) × SECONDS (15).
#   scripts/bench-me.sh            both;   scripts/bench-me.sh me   only the wrk runs
set -euo pipefail
http=${HTTP_PORT:-8080}
pg=${DEV_PG_PORT:-55432}
runs=${RUNS:-3}
seconds=${SECONDS_PER_RUN:-15}
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }

if [ "${1:-all}" = all ]; then
  admin="postgresql://postgres@127.0.0.1:$pg"
  psql -q "$admin/postgres" -tc "SELECT 1 FROM pg_database WHERE datname = 'pgbench'" | grep -q 1 \
    || { psql -q "$admin/postgres" -c "CREATE DATABASE pgbench" >/dev/null; pgbench -q -i -s 10 "$admin/pgbench" >/dev/null 2>&1; }
  for _ in $(seq 1 "$runs"); do
    pgbench -S -M prepared -c 64 -j 2 -T "$seconds" "$admin/pgbench" 2>/dev/null \
      | awk '/^tps/ { printf "pgbench -S -M prepared -c 64: %.0f tps\n", $3 }'
  done
fi

token=$(curl -fsS -X POST "http://127.0.0.1:$http/api/v1/sessions" -d '{"login":"hfjx_admin","password":"Demo2026a"}' \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not sign in as hfjx_admin" >&2; exit 1; }
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/me" \
  || { echo "GET /api/v1/me failed" >&2; exit 1; }
for _ in $(seq 1 "$runs"); do
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$http/api/v1/me" \
    | awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
           END { printf "GET /api/v1/me: %s req/s, p50 %s, p99 %s%s\n", rps, p50, p99, bad ? ", non-2xx " bad : "" }'
done
