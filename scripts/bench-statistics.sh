#!/usr/bin/env bash
# CE-8: certificate statistics over 1,000,000 certificates through the gateway of a running stack;
# Tools/Bench/statistics.py does the work.
#   scripts/bench-statistics.sh     COUNT (1000000), RUNS (50), HTTP_PORT, DEV_PG_PORT, STACK_DIR override
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Tools/Bench/certificate_statistics.py
