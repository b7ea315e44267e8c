#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (the toolchain's -sanitize=fuzzer,address).
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   Scripts/fuzz.sh list
#
# Targets (one per decoder and parser, see Fuzz/*.swift): otlp-json otlp-protobuf jaeger-json opensearch
# zipkin prometheus-text prometheus-api gzip zstd where dashboard-yaml time-bound, and render (decode any
# format, analyse, render and validate: a validation failure is a crash).
#
# The library modules are built once with AddressSanitizer and coverage instrumentation into
# .build-fuzz (debug, so the targets can use internal API through @testable import), then the
# target is linked with libFuzzer. The working corpus (.build-fuzz/fuzz-corpus/TARGET) starts
# from ../shared/corpus (files up to 64 KB of the matching format) and Fuzz/seeds, and keeps
# what libFuzzer adds. Crashes, hangs (> 10 s), leaks and inputs over 2 GB of memory are
# written to .build-fuzz/fuzz-crashes/TARGET/ — turn each into a regression test.
# Runs under `nice -n 19`.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(otlp-json otlp-protobuf jaeger-json opensearch zipkin prometheus-text prometheus-api gzip zstd where dashboard-yaml time-bound render)
target=${1:-}
if [[ -z "$target" || "$target" == "list" || "$target" == "-h" || "$target" == "--help" ]]; then
  echo "usage: Scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]"
  echo "targets: ${targets[*]}"
  exit 64
fi
if [[ ! " ${targets[*]} " == *" $target "* ]]; then
  echo "unknown target '$target'; one of: ${targets[*]}" >&2
  exit 64
fi
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : $# ))

scratch=.build-fuzz
corpus_root=${OTEL_REPORT_CORPUS:-../shared/corpus}

# 1. Library modules with ASan and coverage instrumentation.
nice -n 19 swift build --scratch-path "$scratch" --target OTelReportCLI \
  -Xswiftc -sanitize=fuzzer,address >&2

# 2. The target, linked with libFuzzer and every library object (not the executable's, not tests').
debug="$scratch/debug"
mapfile -t objects < <(find "$debug/" -path '*.build/*.o' -not -path '*/otel-report.build/*' \
  -not -path '*Tests.build/*' -not -path '*/otel_report*' | sort)
includes=()
while IFS= read -r map; do includes+=(-Xcc "-fmodule-map-file=$map"); done < <(
  find Sources "$scratch/checkouts" -name module.modulemap 2>/dev/null | sort)
binary="$scratch/fuzz-$target"
if [[ ! -x "$binary" || "Fuzz/$target.swift" -nt "$binary" || -n "$(find "$debug/" -name '*.o' -newer "$binary" -print -quit)" ]]; then
  nice -n 19 swiftc -sanitize=fuzzer,address -parse-as-library -g -Onone $(pkg-config --cflags-only-I libxml-2.0 | sed "s/-I/-Xcc -I/g") \
    -I "$debug/Modules" "${includes[@]}" "Fuzz/$target.swift" "${objects[@]}" \
    -lxml2 -lz -lzstd -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
fi

# 3. The corpus: seeds by format, then what earlier runs found.
corpus="$scratch/fuzz-corpus/$target"
crashes="$scratch/fuzz-crashes/$target"
mkdir -p "$corpus" "$crashes"
seed_files() {
  [[ -d "$corpus_root" ]] || return 0
  find "$corpus_root/$1" -type f -size -64k 2>/dev/null || true
}
case "$target" in
  otlp-json|otlp-protobuf) seeds=$(seed_files otlp-json) ;;
  jaeger-json) seeds=$(seed_files jaeger-json) ;;
  opensearch) seeds=$(seed_files opensearch) ;;
  zipkin) seeds=$(seed_files zipkin) ;;
  prometheus-text) seeds=$( (seed_files prometheus/exposition; seed_files prometheus/openmetrics-testsuite; seed_files prometheus/other) ) ;;
  prometheus-api) seeds=$(seed_files prometheus/api-json) ;;
  gzip|zstd|render) seeds=$( (seed_files . | grep -v SOURCES.md | head -60) || true ) ;;
  dashboard-yaml) seeds="dashboards/default.yaml" ;;
  *) seeds="" ;;
esac
n=0
for f in $seeds; do
  n=$((n + 1))
  if [[ "$target" == gzip ]]; then
    [[ -e "$corpus/seed-$n.gz" ]] || gzip -c "$f" > "$corpus/seed-$n.gz"
  elif [[ "$target" == zstd ]]; then
    [[ -e "$corpus/seed-$n.zst" ]] || zstd -q -c "$f" > "$corpus/seed-$n.zst"
  elif [[ "$target" == otlp-protobuf ]]; then
    # OTLP JSON converted by the official Python classes, in the three framings.
    for framing in single fixed32 varint; do
      [[ -e "$corpus/seed-$n.$framing" ]] || python3 Scripts/otlp-json-to-protobuf.py --framing "$framing" "$f" "$corpus/seed-$n.$framing" 2>/dev/null || rm -f "$corpus/seed-$n.$framing"
    done
  else
    [[ -e "$corpus/seed-$n" ]] || cp "$f" "$corpus/seed-$n"
  fi
done
if [[ -f "Fuzz/seeds/$target.txt" ]]; then
  i=0
  while IFS= read -r line; do
    i=$((i + 1))
    printf '%s' "$line" > "$corpus/line-$i"
  done < "Fuzz/seeds/$target.txt"
fi

# 4. Run. (The Swift runtime's own crash backtracer would fight ASan for the crash; libFuzzer reports it.)
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/Scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
echo "fuzzing $target for ${seconds}s (corpus $corpus, findings in $crashes/)" >&2
exec nice -n 19 "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$crashes/" "$@" "$corpus"
