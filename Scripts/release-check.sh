#!/usr/bin/env bash
# Checks that the release build — optimised with the committed execution profile
# (Profiles/otel-report.profdata, see Package.swift and Scripts/pgo-profile.sh) — writes the very
# bytes the debug build writes: every file of the reports of the example, every corpus folder and
# two simulations (Scripts/golden-hashes.sh), compared hash by hash. A profile changes how the
# code is laid out and inlined, never what it computes; this is the proof on a fresh clone.
# Used by .ci/run after the tests; about 4 minutes on 2 cores (most of it the release build).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product otel-report
swift build --product otel-report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
Scripts/golden-hashes.sh .build/release/otel-report > "$work/release.txt"
Scripts/golden-hashes.sh .build/debug/otel-report > "$work/debug.txt"
if ! diff "$work/debug.txt" "$work/release.txt"; then
  echo "release-check: the release build's reports differ from the debug build's (lines above)" >&2
  exit 1
fi
echo "release-check: $(wc -l < "$work/release.txt") report files identical between the release and debug builds"
