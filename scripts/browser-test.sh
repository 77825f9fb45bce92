#!/usr/bin/env bash
# The browser tests (Tests/Browser, pytest + Selenium in headless Chromium) against a throw-away
# stack started from already-built executables.
#   scripts/browser-test.sh [BIN] [PYTEST ARGUMENTS…]
# BIN: the directory holding the six executables (default $BROWSER_TEST_BIN, else
# `swift build --show-bin-path`). The stack lives in .dev-browser/ (git-ignored) on the dev
# stack's ports + 200 (gateway 8280, PostgreSQL 55632, RPC 7301…7305, metrics 9300…9305), so it
# runs beside `scripts/dev-stack.sh` and scripts/api-fuzz.sh; it starts from an empty database
# with the demo data and is stopped at the end, even on failure. Exits non-zero when a test fails.
# Arguments after BIN go to pytest (`scripts/browser-test.sh .build/debug -k smoke -x`).
# Needs Debian's chromium, chromium-driver and fonts-wqy-microhei (installed here when missing, as dev-stack.sh
# installs its packages); selenium and pytest (pinned below) are installed with pip into
# .dev-browser/venv the first time. Screenshots: $BROWSER_SCREENSHOTS (default
# Tests/Browser/screenshots/); logs: .dev-browser/logs/. See docs/CONSOLE.md ("Browser tests").
set -euo pipefail
bin=${1:-${BROWSER_TEST_BIN:-}}
[ $# -gt 0 ] && shift
[ -n "$bin" ] && bin=$(cd "$bin" && pwd)
cd "$(dirname "$0")/.."
[ -n "$bin" ] || bin=$(swift build --show-bin-path)
dir=.dev-browser
offset=200
http_port=$((8080 + offset))
pg_port=$((55432 + offset))
base="http://127.0.0.1:$http_port"
requirements="selenium==4.51.0 pytest==9.2.0"
# The browser stack is always its own: the local cluster, our ports, whatever the shell says.
unset DATABASE_URL DEV_PG_PORT HTTP_PORT
stack() { STACK_DIR=$dir STACK_BIN=$bin STACK_PORT_OFFSET=$offset scripts/dev-stack.sh "$@"; }
grep -q 'STACK_BIN' scripts/dev-stack.sh || { echo "browser-test: scripts/dev-stack.sh lacks STACK_BIN/STACK_DIR" >&2; exit 1; }
mkdir -p "$dir"

# Chromium, its driver and a Chinese font (the pages are in Chinese; screenshots need the glyphs).
need=()
for package in chromium chromium-driver fonts-wqy-microhei; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "browser-test: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# selenium and pytest in a virtual environment of their own (kept between runs).
venv=$dir/venv
if [ "$(cat "$venv/installed" 2>/dev/null)" != "$requirements" ]; then
  echo "browser-test: installing $requirements into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "browser-test: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 1; }
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q $requirements >"$dir/pip.log" 2>&1 || { cat "$dir/pip.log" >&2; exit 1; }
  echo "$requirements" >"$venv/installed"
fi

# A fresh stack: stop a leftover one and drop its database (as root the cluster's data lives
# under /var/lib/postgresql/training-dev/ and .dev-browser/pg links to it).
stack stop >/dev/null 2>&1 || true
if [ -L "$dir/pg" ]; then
  real=$(readlink -f "$dir/pg")
  case "$real" in /var/lib/postgresql/training-dev/?*) rm -rf "$real" ;; esac
fi
rm -rf "$dir/pg" "$dir/logs"
trap 'stack stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
echo "browser-test: starting a stack from $bin in $dir/ (gateway $base)"
# Every test signs in and asks for SMS codes from 127.0.0.1: the gateway's per-IP limits are
# raised so that they do not answer 429 halfway through the run (the limiter has its own tests).
if ! RATE_LIMIT_LOGIN_PER_MINUTE=1000000 RATE_LIMIT_SMS_PER_MINUTE=1000000 stack >"$dir/stack.log" 2>&1; then
  cat "$dir/stack.log" >&2
  exit 1
fi

shots=${BROWSER_SCREENSHOTS:-$PWD/Tests/Browser/screenshots}
mkdir -p "$shots"
rm -f "$shots"/FAILED-*.png  # a previous run's failures
status=0
BROWSER_BASE_URL=$base \
BROWSER_DB_URL="postgresql://identity@127.0.0.1:$pg_port/training" \
BROWSER_SCREENSHOTS=$shots \
  "$venv/bin/python" -m pytest Tests/Browser -p no:cacheprovider -q "$@" || status=$?
if [ "$status" -eq 0 ]; then
  echo "browser-test: passed (screenshots in $shots/)"
else
  echo "browser-test: failures (screenshots of the failed tests: $shots/FAILED-*.png; logs in $dir/logs/)" >&2
fi
exit "$status"
