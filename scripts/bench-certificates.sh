#!/usr/bin/env bash
# CE-2, B-1: generating a 9,999-certificate test plan through the gateway of a running stack,
# and public status lookups at 64 connections; Tools/Bench/certificates.py does the work.
#   RATE_LIMIT_LOOKUP_PER_MINUTE=0 scripts/dev-stack.sh   first (the lookups are from one IP)
#   scripts/bench-certificates.sh     ROWS (9999), RUNS (3), LOOKUPS (20000), CONNECTIONS (64),
#                                     HTTP_PORT, DEV_PG_PORT, STACK_DIR override
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Tools/Bench/certificates.py
