#!/usr/bin/env bash
# The README's test command: the Swift tests, then the browser tests (Tests/Browser: pytest
# driving Debian's Chromium through Playwright, over the example rendered by the built binary).
# Arguments go to `swift test` (e.g. Scripts/test.sh --filter TracesPageTests).
# The browser tests skip, saying why, without Chromium or Playwright; "no test ran" (pytest's
# exit 5) is a failure only when Chromium is present.
set -euo pipefail
cd "$(dirname "$0")/.."

# The code's format (.swift-format; `swift format` ships with the toolchain): fix with
# `swift format format -i -r Sources Tests Fuzz Package.swift`.
swift format lint --strict -r Sources Tests Fuzz Package.swift

swift test "$@"

chromium="${CHROMIUM:-/usr/bin/chromium}"
if ! python3 -c "import pytest" >/dev/null 2>&1; then
  if [ -x "$chromium" ]; then
    echo "browser tests: Chromium is present but pytest is not (pip install playwright pytest)" >&2
    exit 1
  fi
  echo "browser tests skipped: no pytest and no Chromium (apt-get install -y chromium; pip install playwright pytest)"
  exit 0
fi
if [ -x "$chromium" ] && ! python3 -c "import playwright" >/dev/null 2>&1; then
  echo "browser tests: Chromium is present but Playwright is not (pip install playwright; never \`playwright install\`)" >&2
  exit 1
fi
swift build --product otel-report
status=0
python3 -m pytest -q -rs -p no:cacheprovider Tests/Browser || status=$?
if [ "$status" -eq 5 ]; then
  if [ -x "$chromium" ]; then
    echo "browser tests: no test ran although Chromium is present at $chromium" >&2
    exit 1
  fi
  echo "browser tests: none collected (no Chromium)"
  exit 0
fi
exit "$status"
