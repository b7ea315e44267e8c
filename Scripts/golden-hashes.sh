#!/usr/bin/env bash
# Prints a SHA-256 for every file of the reports rendered from the example, every corpus folder
# and two scaled simulations, so a refactor or speed-up can prove it changed no output byte:
#   Scripts/golden-hashes.sh BINARY > before.txt   (then after the change)   diff before.txt after.txt
# Usage: Scripts/golden-hashes.sh [BINARY] [CORPUS]   (defaults: .build/release/otel-report, ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/otel-report}")
corpus=$(realpath -m "${2:-../shared/corpus}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
at=2026-01-15T12:00:00Z
# Prometheus text without timestamps is placed at its file's modification time, which changes
# whenever the corpus is copied anew; pinned to the same instant, as the golden tests pin it.
export SOURCE_DATE_EPOCH=1768478400
render() {  # name, inputs...
  local name=$1; shift
  "$bin" render "$@" -o "$work/$name" --quiet --generated-at "$at" >/dev/null 2>&1 || echo "$name: exit $?"
  if [ -d "$work/$name" ]; then
    (cd "$work/$name" && find . -type f | LC_ALL=C sort | xargs sha256sum | sed "s|  \./|  $name/|")
  fi
}
render example examples/recommendation-cache
"$bin" render examples/recommendation-cache -o "$work/single.html" --quiet --generated-at "$at" >/dev/null 2>&1
(cd "$work" && sha256sum single.html)
render example-where examples/recommendation-cache --where 'service=recommendationservice app.cache_hit=false'
if [ -d "$corpus" ]; then
  for dir in "$corpus"/*/; do
    render "corpus-$(basename "$dir")" "$dir"
  done
  for dir in "$corpus"/*/*/; do
    render "corpus-$(basename "$(dirname "$dir")")-$(basename "$dir")" "$dir"
  done
fi
for scale in 3 20; do
  # Rendered from inside the work folder, so the input path in report.json is the same each run.
  (cd "$work" && "$bin" simulate recommendation-cache -o "in-sim-$scale" --scale "$scale" >/dev/null &&
    "$bin" render "in-sim-$scale" -o "sim-$scale" --quiet --generated-at "$at" >/dev/null 2>&1) || echo "sim-$scale: failed"
  (cd "$work/sim-$scale" && find . -type f | LC_ALL=C sort | xargs sha256sum | sed "s|  \./|  sim-$scale/|")
done
