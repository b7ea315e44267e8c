#!/usr/bin/env bash
# Measures `render` on simulated snapshots with a release build (DESIGN §7). Timing belongs
# here, never in pass/fail tests. Usage: Scripts/benchmark.sh [scale ...]   (default: 10 100 350)
# Scale 350 is about one million spans (≈ 670 MB of OTLP JSON Lines).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product otel-report 2>&1 | grep -E "error|Compiling|Build" | tail -3 >&2
bin=.build/release/otel-report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-7s %10s %10s %9s %9s %11s\n' scale spans "input MB" seconds "spans/s" "peak RSS MB"
for scale in "${@:-10 100 350}"; do
  for s in $scale; do
    "$bin" simulate recommendation-cache -o "$work/in-$s" --scale "$s" >/dev/null
    spans=$("$bin" inspect "$work/in-$s" --json | sed -n 's/^  "spanCount": \([0-9]*\),$/\1/p')
    mb=$(du -sm "$work/in-$s" | cut -f1)
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" render "$work/in-$s" -o "$work/out-$s" --quiet --generated-at 2026-01-15T12:00:00Z
    read -r secs kb < "$work/time"
    printf '%-7s %10s %10s %9s %9.0f %11.0f\n' "$s" "$spans" "$mb" "$secs" "$(echo "$spans / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
    rm -rf "$work/in-$s" "$work/out-$s"
  done
done
