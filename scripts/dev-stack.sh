#!/usr/bin/env bash
# Starts the whole system on this machine without containers, or stops it.
#   scripts/dev-stack.sh          install packages if missing, build (release), start PostgreSQL,
#                                 make dev certificates, start the five services and the gateway,
#                                 wait for health, load demo data, print where to open it
#   scripts/dev-stack.sh stop     stop everything it started
# Running it again restarts cleanly. State lives in .dev/ (git-ignored): pg/ (the cluster),
# certs/, logs/, run/ (pids). Set DATABASE_URL (a superuser URL) to use an existing PostgreSQL
# instead of the local cluster.
# A second stack (scripts/api-fuzz.sh starts one) beside the first:
#   STACK_DIR          state directory, relative to the repository (default .dev)
#   STACK_BIN          directory of already-built executables: no build, use these
#   STACK_PORT_OFFSET  added to every port: PostgreSQL 55432, RPC 7101…7105, metrics 9100…9105,
#                      gateway 8080 (default 0; DEV_PG_PORT and HTTP_PORT still override theirs)
set -euo pipefail
[ -n "${STACK_BIN:-}" ] && STACK_BIN=$(cd "$STACK_BIN" && pwd)
cd "$(dirname "$0")/.."
root=$(pwd)
services=(identity enrollment classes assessment certificates)
dir=${STACK_DIR:-.dev}
offset=${STACK_PORT_OFFSET:-0}
pg_port=${DEV_PG_PORT:-$((55432 + offset))}
http_port=${HTTP_PORT:-$((8080 + offset))}
metrics_port=$((9100 + offset))  # the gateway's; service i (1…5) has metrics_port + i
rpc_port=$((7100 + offset))      # service i (1…5) listens on rpc_port + i
stop_command="scripts/dev-stack.sh stop"
[ "$dir" != .dev ] && stop_command="STACK_DIR=$dir $stop_command"

stop_processes() {
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pidfile in "$dir"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "${1:-start}" = "stop" ]; then
  stop_processes
  scripts/pg-cluster.sh stop "$dir/pg"
  echo "stopped"
  exit 0
fi

# 1. Debian packages (as root, or through sudo).
need=()
for package in libprotobuf-c-dev protobuf-c-compiler libpq-dev libssl-dev zlib1g-dev libjpeg62-turbo-dev libqrencode-dev libxlsxwriter-dev libhpdf-dev libfreetype-dev fonts-wqy-microhei postgresql openssl curl pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. Build (unless STACK_BIN names the executables to use).
mkdir -p "$dir"
if [ -n "${STACK_BIN:-}" ]; then
  bin=$STACK_BIN
  for name in "${services[@]}" gateway; do
    [ -x "$bin/$name" ] || { echo "STACK_BIN: no executable $bin/$name" >&2; exit 1; }
  done
else
  echo "building (release; log in $dir/build.log)…"
  if ! swift build -c release >"$dir/build.log" 2>&1; then
    grep -E "error:" "$dir/build.log" | head -20 >&2
    exit 1
  fi
  bin=$(swift build -c release --show-bin-path)
fi

stop_processes
mkdir -p "$dir/logs" "$dir/run"

# 3. PostgreSQL: the local cluster, or the one DATABASE_URL names.
if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg-cluster.sh stop "$dir/pg"
  scripts/pg-cluster.sh start "$dir/pg" "$pg_port"
  admin="postgresql://postgres@127.0.0.1:$pg_port/postgres"
  psql -q "$admin" -tc "SELECT 1 FROM pg_database WHERE datname = 'training'" | grep -q 1 \
    || psql -q "$admin" -c "CREATE DATABASE training" >/dev/null
  psql -q "postgresql://postgres@127.0.0.1:$pg_port/training" -v ON_ERROR_STOP=1 -f scripts/db-init.sql >/dev/null
  service_url() { echo "postgresql://$1@127.0.0.1:$pg_port/training"; }
else
  psql -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -f scripts/db-init.sql >/dev/null
  # One login for every service; each still works in its own schema.
  service_url() {
    local separator="?"; [[ "$DATABASE_URL" == *\?* ]] && separator="&"
    echo "${DATABASE_URL}${separator}options=-csearch_path%3D$1"
  }
fi

# 4. Development certificates, and the authorities' certificate-signing keys (B-1: the province
#    and the demo cities; kept across restarts so that issued certificates keep verifying).
scripts/dev-certs.sh "$dir/certs" >/dev/null
scripts/make-signing-keys.sh "$dir/signing-keys" 3400 3401 3415

# 5. Services and gateway, detached; logs in $dir/logs.
start() {  # name [VAR=value …] [-- argument …]
  local name=$1; shift
  local settings=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do settings+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  (cd "$root" && exec setsid env "${settings[@]}" "$bin/$name" "$@" >"$dir/logs/$name.log" 2>&1 < /dev/null) &
  echo $! > "$dir/run/$name.pid"
}
# The national registry's simulator (B-3; Tools/RegistrySimulator), which the certificates
# service pushes to; its journal keeps what it accepted across restarts.
registry_port=$((7190 + offset))
start registry-simulator -- --certs "$dir/certs" --port "$registry_port" --journal "$dir/registry-journal.jsonl"
endpoints=()  # IDENTITY_ENDPOINTS=127.0.0.1:7101 …, for the gateway and for calls between services
for i in "${!services[@]}"; do
  endpoints+=("${services[$i]^^}_ENDPOINTS=127.0.0.1:$((rpc_port + i + 1))")
done
for i in "${!services[@]}"; do
  service=${services[$i]}
  start "$service" TLS_DIR="$dir/certs" DATABASE_URL="$(service_url "$service")" LOG_FORMAT=json \
    RPC_PORT=$((rpc_port + i + 1)) METRICS_PORT=$((metrics_port + i + 1)) "${endpoints[@]}" \
    SIGNING_KEYS_DIR="$dir/signing-keys" CERTIFICATE_LOOKUP_URL="http://127.0.0.1:$http_port/verify" \
    REGISTRY_URL="https://127.0.0.1:$registry_port/v1/certificate-records"
done
start gateway TLS_DIR="$dir/certs" HTTP_PORT="$http_port" LOG_FORMAT=json METRICS_PORT="$metrics_port" "${endpoints[@]}"

# 6. Wait until the gateway sees every backend healthy.
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1; then
  echo "the stack did not become healthy; see $dir/logs/" >&2
  curl -sS "http://127.0.0.1:$http_port/healthz" >&2 || true
  exit 1
fi

# 7. Demo data (Services/Identity/DemoData.swift): the province, two cities, institutions,
#    users for each role and students. Loading twice changes nothing.
(cd "$root" && env TLS_DIR="$dir/certs" DATABASE_URL="$(service_url identity)" LOG_FORMAT=json \
  "$bin/identity" seed-demo >>"$dir/logs/identity-seed.log" 2>&1) \
  || { echo "loading demo data failed; see $dir/logs/identity-seed.log" >&2; exit 1; }

# 8. A demo enrollment plan of the 合肥 institution, through the API (idempotent by its request id).
token=$(curl -fsS -X POST "http://127.0.0.1:$http_port/api/v1/sessions" -d '{"login":"hfjx_admin","password":"Demo2026a"}' \
  | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
now=$(date +%s)
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$http_port/api/v1/enrollment-plans" -H "Authorization: Bearer $token" \
  -d "{\"name\":\"2027年第一期施工员、质量员培训\",\"kind\":\"PLAN_KIND_NEW_CERTIFICATE\",\"posts\":[\"011\",\"021\"],\"headcount\":200,\"startUnix\":$now,\"endUnix\":$((now + 30 * 86400)),\"requestId\":\"demo-plan-2027-1\"}" \
  || { echo "creating the demo enrollment plan failed" >&2; exit 1; }

# 9. Demo teachers of the 合肥 institution and a 64-学时 course template of post 011 (CL-1, CL-4),
#    through the API (idempotent by request id), so 开班申请 has something to start from.
teacher() {  # name, ID number, role, qualification → the teacher's id
  curl -fsS -X POST "http://127.0.0.1:$http_port/api/v1/teachers" -H "Authorization: Bearer $token" \
    -d "{\"name\":\"$1\",\"idNumber\":\"$2\",\"role\":\"$3\",\"qualification\":\"$4\",\"specialty\":\"011\",\"requestId\":\"demo-teacher-$2-$3\"}" \
    | sed -n 's/^{"id":\([0-9]*\).*/\1/p'
}
safety1=$(teacher 王建国 340104197805123018 TEACHER_ROLE_SAFETY 安全生产培训教师证) \
  && safety2=$(teacher 李安全 340102198203064024 TEACHER_ROLE_SAFETY 安全生产培训教师证) \
  && theory=$(teacher 张理论 340123197509185037 TEACHER_ROLE_THEORY 高级工程师（施工员） ) \
  && teacher 陈考评 340103198602216044 TEACHER_ROLE_ASSESSOR 施工员考评员证 >/dev/null \
  && [ -n "$safety1" ] && [ -n "$safety2" ] && [ -n "$theory" ] \
  || { echo "creating the demo teachers failed" >&2; exit 1; }
lessons=""
for day in 0 1 2 3 4 5 6 7; do
  case $day in 0) who=$safety1 what=安全生产法律法规 ;; 1) who=$safety2 what=施工现场安全管理 ;; *) who=$theory what="施工员专业知识（$((day - 1))）" ;; esac
  lessons+="${lessons:+,}{\"content\":\"$what\",\"teacherId\":$who,\"day\":$day,\"startMinute\":510,\"endMinute\":1050,\"place\":\"一号教室\",\"hours\":8}"
done
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$http_port/api/v1/course-templates" -H "Authorization: Bearer $token" \
  -d "{\"name\":\"施工员新取证培训（64学时）\",\"post\":\"011\",\"lessons\":[$lessons],\"requestId\":\"demo-template-011\"}" \
  || { echo "creating the demo course template failed" >&2; exit 1; }

cat <<TXT
The system is up.
  Console:  http://127.0.0.1:$http_port/   (organisation users)
  Student pages: http://127.0.0.1:$http_port/m/   (students, on a phone)
  Gateway:  http://127.0.0.1:$http_port   (health: http://127.0.0.1:$http_port/healthz)
  Metrics:  http://127.0.0.1:$metrics_port/metrics (gateway), :$((metrics_port + 1)) … :$((metrics_port + 5)) (services)
  Logs:     $dir/logs/   Stop: $stop_command
  API:      http://127.0.0.1:$http_port/openapi.json
  Demo logins (password Demo2026a): sheng_admin (province), hefei_admin / luan_admin (cities),
    zhisuo_admin (省直所), hfjx_admin / hfjx_reviewer (合肥 institution), lajx_admin (六安),
    hfjj_admin (CE base), hfjx_new (first login binds a phone); students log in by ID number:
    340101199003071236 (张伟), 341502198805152024 (王芳), 340104199508213315 (李强).
    Try: curl -s -X POST http://127.0.0.1:$http_port/api/v1/sessions -d '{"login":"hfjx_admin","password":"Demo2026a"}'
  Enrollment: an open plan of 合肥建筑职业培训学校 (posts 011, 021); a student lists it with
    GET /api/v1/open-enrollment-plans, uploads scans with POST /api/v1/files?kind=…, enrolls with
    POST /api/v1/enrollments; hfjx_reviewer reviews at GET /api/v1/enrollments?state=submitted.
  Classes: hfjx_admin has four teachers and a 64-学时 template of post 011 (课程模板, 师资及考评员);
    a class is opened for a plan once its enrollment has ended (docs/CLASSES.md).
  SMS codes (development outbox): psql "$(service_url identity)" -c 'SELECT phone, text FROM sms_outbox ORDER BY id DESC LIMIT 5'
TXT
