#!/usr/bin/env bash
# EN-5 scale benchmark (docs/BENCHMARKS.md): loads 1,000,000 enrollments into a running
# development stack (scripts/dev-stack.sh) and measures, through the gateway with wrk, the
# institution's paged review list and the personnel search, then prints the query plans.
#   scripts/enrollment-scale.sh [TOTAL]     TOTAL defaults to 1000000
# It loads only into a stack without synthetic enrollments, measures one that already holds
# exactly TOTAL of them, and refuses (exit 1) one that holds another number; it says which.
# Environment: DEV_PG_PORT (55432), HTTP_PORT (8080), CONNECTIONS ("4 8 64"), DURATION (15s).
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
pg="postgresql://postgres@127.0.0.1:${DEV_PG_PORT:-55432}/training"
base="http://127.0.0.1:${HTTP_PORT:-8080}"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
curl -fsS "$base/healthz" >/dev/null || { echo "start the stack first: scripts/dev-stack.sh" >&2; exit 1; }

# What the stack holds decides whether to load: the synthetic rows (student ids from 10,000,000,
# scripts/enrollment-scale.sql) are loaded once per stack; measuring anything but TOTAL of them
# would report the wrong data set as the benchmark's.
counts=$(psql -qAt -F ' ' "$pg" -c "SELECT count(*) FILTER (WHERE student_user_id >= 10000000),
                                           count(*) FILTER (WHERE student_user_id < 10000000) FROM enrollment.enrollments")
read -r synthetic other <<<"$counts"
if [ "$synthetic" -eq 0 ]; then
  if [ "$other" -gt 0 ]; then
    echo "the stack holds $other enrollments made by hand; loading the $total synthetic ones next to them"
  fi
  echo "loading $total enrollments (about two minutes for a million rows)…"
  time psql -q "$pg" -v total="$total" -f scripts/enrollment-scale.sql
elif [ "$synthetic" -eq "$total" ]; then
  echo "not loading: the stack already holds the $total synthetic enrollments of an earlier run (+ $other by hand); measuring them"
else
  echo "refusing to measure: the stack holds $synthetic synthetic enrollments from an earlier run, not the $total asked for." >&2
  echo "Measure those (scripts/enrollment-scale.sh $synthetic), or start from an empty database:" >&2
  echo "  scripts/dev-stack.sh stop && rm -rf .dev/pg && scripts/dev-stack.sh && scripts/enrollment-scale.sh $total" >&2
  exit 1
fi

token() {
  curl -fsS -X POST "$base/api/v1/sessions" -d "{\"login\":\"$1\",\"password\":\"Demo2026a\"}" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
reviewer=$(token hfjx_reviewer)
province=$(token sheng_admin)
name=$(printf '张伟' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')

run() {  # label, token, path
  for connections in ${CONNECTIONS:-4 8 64}; do
    echo "== $1, $connections connections"
    wrk -t2 -c"$connections" -d"${DURATION:-15s}" --latency -H "Authorization: Bearer $2" "$base$3" \
      | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
  done
}
run "institution list: pending enrollments, page 1 (hfjx_reviewer)" "$reviewer" "/api/v1/enrollments?state=submitted&pageSize=20"
run "personnel search by name 张伟 over the province (sheng_admin)" "$province" "/api/v1/personnel?name=$name&pageSize=20"
run "personnel search by ID number over the province (sheng_admin)" "$province" "/api/v1/personnel?idNumber=340157197702063457"

org=$(psql -qAt "$pg" -c "SELECT id FROM identity.organisations WHERE code = '3401T001'")
echo "== plans of the statements the service runs (with this run's values: name searches are planned with them)"
cols="e.id, e.name, e.id_number, e.phone, e.state, p.name AS plan_name, p.org_name"
explain() {  # conditions on enrollments e
  psql -q "$pg" -c "SET search_path = enrollment" \
    -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FROM (SELECT 1 FROM enrollments e WHERE $1 LIMIT 10001) AS limited" \
    -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT $cols FROM enrollments e JOIN plans p ON p.id = e.plan_id WHERE true
          AND e.id IN (SELECT e.id FROM enrollments e WHERE $1 AND e.id < 9223372036854775807 ORDER BY e.id DESC LIMIT 21)
          ORDER BY e.id DESC"
}
explain "e.org_id = $org AND e.state = 'submitted'"
explain "e.name ~>=~ '张伟' AND e.name ~<~ ('张伟' || chr(1114111))"
explain "e.id_number = '340157197702063457'"
