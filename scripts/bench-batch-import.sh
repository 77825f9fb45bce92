#!/usr/bin/env bash
# CE-3: importing 5,000 persons into a registration batch (CSV and XLSX) through the gateway of a
# running stack; Tools/Bench/batch_import.py does the work.
#   scripts/bench-batch-import.sh     ROWS (5000), RUNS (5), HTTP_PORT, DEV_PG_PORT, STACK_DIR override
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Tools/Bench/batch_import.py
