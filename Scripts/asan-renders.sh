#!/usr/bin/env bash
# Builds otel-report with AddressSanitizer (and LeakSanitizer) into .build-asan and runs the
# end-to-end renders through it: the example and every folder of ../shared/corpus (skipped
# when absent), in the site and the single-file layout, then `validate` on the pages, a
# compressed capture streamed in each compressed layout, and a simulation's traces given through
# a pipe (copied to a temporary file and streamed). Any
# sanitizer report, crash or unexpected exit code fails the script. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# (ld.gold's "Cannot export local symbol '__asan_…'" warnings are harmless: FACTS.md.)
swift build --scratch-path .build-asan -Xswiftc -sanitize=address --product otel-report 2>&1 \
  | { grep -v "Cannot export local symbol" || true; }
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "asan: the AddressSanitizer build failed"; exit 1; }
binary=.build-asan/debug/otel-report
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
inputs=(examples/recommendation-cache)
corpus=${OTEL_REPORT_CORPUS:-../shared/corpus}
if [[ -d "$corpus" ]]; then
  for d in "$corpus"/*/; do inputs+=("${d%/}"); done
else
  echo "asan: $corpus absent, rendering the example only"
fi
failed=0
for input in "${inputs[@]}"; do
  name=$(basename "$input")
  start=$(date +%s)
  for target in "$out/$name" "$out/$name.html"; do
    if ! "$binary" render "$input" -o "$target" --generated-at 2026-01-15T12:00:00Z --top 20 --quiet 2> "$out/$name.log"; then
      echo "asan: render $input -o $target failed:"; tail -40 "$out/$name.log"; failed=1; continue
    fi
    if grep -q "Sanitizer" "$out/$name.log"; then
      echo "asan: sanitizer report for $input:"; cat "$out/$name.log"; failed=1
    fi
  done
  if [[ -d "$out/$name" ]]; then
    mapfile -t pages < <(find "$out/$name" -name '*.html' | sort)
    if ! "$binary" validate --quiet "${pages[@]}" "$out/$name.html" > "$out/$name.validate.log" 2>&1; then
      echo "asan: validate failed for $input:"; tail -40 "$out/$name.validate.log"; failed=1
    fi
  fi
  echo "asan: $name rendered and validated in $(( $(date +%s) - start ))s"
done
# Compressed input streamed (decompressed a window at a time, in 4 KiB blocks): the corpus's
# OpenTelemetry demo capture as gzip, as one zstd stream and as the collector file exporter's
# length-prefixed zstd messages.
capture="$corpus/otlp-json/otel-tui/test_data.jsonl"
if [[ -f "$capture" ]] && command -v zstd >/dev/null 2>&1; then
  python3 - "$capture" "$out" <<'PY'
import gzip, struct, subprocess, sys
capture, out = sys.argv[1], sys.argv[2]
data = open(capture, 'rb').read()
open(f"{out}/capture.jsonl.gz", 'wb').write(gzip.compress(data, mtime=0))
open(f"{out}/capture.jsonl.zst", 'wb').write(subprocess.run(['zstd', '-q', '-c'], input=data, capture_output=True, check=True).stdout)
with open(f"{out}/capture.messages.zst", 'wb') as f:
    for line in data.splitlines():
        frame = subprocess.run(['zstd', '-q', '-c'], input=line, capture_output=True, check=True).stdout
        f.write(struct.pack('>I', len(frame)) + frame)
PY
  for file in capture.jsonl.gz capture.jsonl.zst capture.messages.zst; do
    if ! OTEL_REPORT_STREAM_MIN_BYTES=0 OTEL_REPORT_STREAM_BLOCK_BYTES=4096 "$binary" render "$out/$file" -o "$out/$file.site" \
      --generated-at 2026-01-15T12:00:00Z --quiet 2> "$out/$file.log"; then
      echo "asan: streamed render of $file failed:"; tail -40 "$out/$file.log"; failed=1; continue
    fi
    if grep -q "Sanitizer" "$out/$file.log"; then
      echo "asan: sanitizer report for $file:"; cat "$out/$file.log"; failed=1
    fi
    echo "asan: $file streamed and rendered"
  done
fi
# A pipe given as the input (`cat file | render /dev/stdin`): copied to an unlinked file in the
# temporary folder and streamed from it in 4 KiB blocks (`PipeSpool`), plain and gzipped. The
# simulation's traces, so this runs without the corpus too.
"$binary" simulate recommendation-cache -o "$out/pipe-sim" --minutes 5 > /dev/null 2>&1 || { echo "asan: simulate failed"; failed=1; }
gzip -c -n "$out/pipe-sim/traces.jsonl" > "$out/pipe-sim/traces.jsonl.gz"
mkdir -p "$out/pipe-spool"
for file in traces.jsonl traces.jsonl.gz; do
  if ! cat "$out/pipe-sim/$file" | TMPDIR="$out/pipe-spool" OTEL_REPORT_STREAM_MIN_BYTES=0 OTEL_REPORT_STREAM_BLOCK_BYTES=4096 \
    "$binary" render /dev/stdin -o "$out/pipe-$file.site" --generated-at 2026-01-15T12:00:00Z --quiet 2> "$out/pipe-$file.log"; then
    echo "asan: render of $file through a pipe failed:"; tail -40 "$out/pipe-$file.log"; failed=1; continue
  fi
  if grep -q "Sanitizer" "$out/pipe-$file.log"; then
    echo "asan: sanitizer report for $file through a pipe:"; cat "$out/pipe-$file.log"; failed=1
  fi
  echo "asan: $file through a pipe copied, streamed and rendered"
done
exit $failed
