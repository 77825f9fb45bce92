#!/usr/bin/env bash
# AS-3: importing 10,000 score rows through the gateway of a running stack (scripts/dev-stack.sh),
# as CSV and as XLSX, each checked (preview) and then imported, with the assessment service's
# peak memory. Tools/Bench/score_import.py does the work (standard library only).
#   scripts/bench-score-import.sh      ROWS (10000), RUNS (3), HTTP_PORT, DEV_PG_PORT, STACK_DIR override
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 Tools/Bench/score_import.py
