#!/usr/bin/env bash
# Measures `render` beside the Python + orjson script a user would write instead (DESIGN §7),
# in the same run, at three sizes of collector-shaped OTLP JSON Lines and a simulated demo
# snapshot. Timing belongs here, never in pass/fail tests. See Scripts/benchmark.py for options:
#   Scripts/benchmark.sh [--runs 3] [--sizes 100000,500000,2000000] [--keep DIR] [--no-shapes]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import orjson" 2>/dev/null || python3 -m pip install -q orjson || python3 -m pip install -q --break-system-packages orjson
exec python3 Scripts/benchmark.py "$@"
