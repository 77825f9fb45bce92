#!/usr/bin/env bash
# Runs every test: one debug build, the generated-code staleness check, then the whole suite
# (unit, PostgreSQL integration, RPC over real TLS, fuzz) on that build.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
bin="$(swift build --show-bin-path)"
PBCSWIFT_PLUGIN="$bin/protoc-gen-pbcswift" scripts/generate-proto.sh --check
# The compose check needs PyYAML: Debian's python3-yaml, or a python3 earlier on PATH that has it.
python=python3
python3 -c 'import yaml' 2>/dev/null || python=/usr/bin/python3
"$python" scripts/check-compose.py
swift test --skip-build "$@"
