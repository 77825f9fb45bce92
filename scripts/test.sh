#!/usr/bin/env bash
# Runs every test: one debug build, the generated-code staleness check, the compose check, the
# no-SQL-in-handlers check, then the whole suite (unit, PostgreSQL integration, RPC over real
# TLS, fuzz) on that build, then the HTTP API fuzz (schemathesis against a throw-away stack of
# that build; scripts/api-fuzz.sh, docs/TESTING.md), then the browser tests (headless Chromium
# against another throw-away stack; scripts/browser-test.sh, docs/CONSOLE.md).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
bin="$(swift build --show-bin-path)"
PBCSWIFT_PLUGIN="$bin/protoc-gen-pbcswift" scripts/generate-proto.sh --check
# The compose check needs PyYAML: Debian's python3-yaml, or a python3 earlier on PATH that has it.
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
"$python" scripts/check-compose.py
scripts/check-rpc-sql.sh  # handlers hold no SQL: it lives in each service's Store/
swift test --skip-build "$@"
[ "${API_FUZZ:-1}" = 0 ] || scripts/api-fuzz.sh "$bin"  # API_FUZZ=0 skips it
[ "${BROWSER_TESTS:-1}" = 0 ] || scripts/browser-test.sh "$bin"  # BROWSER_TESTS=0 skips it
