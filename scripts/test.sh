#!/usr/bin/env bash
# Runs every test: one debug build, the generated-code staleness check, then the whole suite
# (unit, PostgreSQL integration, RPC over real TLS, fuzz) on that build.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
bin="$(swift build --show-bin-path)"
PBCSWIFT_PLUGIN="$bin/protoc-gen-pbcswift" scripts/generate-proto.sh --check
swift test --skip-build "$@"
