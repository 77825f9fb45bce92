#!/usr/bin/env bash
# B-2/CL-5: a burst of 2,000 sign-ins (40 classes × 50 students) through the gateway of a running
# stack (scripts/dev-stack.sh), at 64 connections, with photos; then SQL counts that no record is
# lost or duplicated. Tools/Bench/sign_in_burst.py does the work; Pillow (PyPI) makes the photos.
#   scripts/bench-sign-in.sh            CLASSES, STUDENTS, CONNECTIONS, RUNS (default 3) override
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.dev-bench/venv
[ -x "$venv/bin/python" ] || { mkdir -p .dev-bench && python3 -m venv "$venv" && "$venv/bin/pip" install -q pillow==11.0.0; }
for _ in $(seq 1 "${RUNS:-3}"); do
  "$venv/bin/python" Tools/Bench/sign_in_burst.py
done
