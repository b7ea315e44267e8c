#!/usr/bin/env bash
# Regenerates Profiles/otel-report.profdata, the execution profile that release builds are
# optimised with (LLVM's IR-level profile-guided optimisation; see Package.swift and
# Documentation/Pipeline.md). Run it after changing code on the hot paths, and commit the file:
#   Scripts/pgo-profile.sh [CORPUS]   (default ../shared/corpus; skipped when absent)
#
# It builds an instrumented binary in .build-pgo (its own scratch folder: the instrumented objects
# never mix with the ordinary release build's), runs it over training inputs, and merges what
# they counted. The training inputs are this script's own — the benchmark's generator with other
# seeds, services and sizes than Scripts/benchmark.py uses, a protobuf copy of a generated file,
# and golden-hashes.sh's renders (the example, the corpus's every format, two simulated
# scenarios) — so that every reader
# and page the benchmark measures has counts, and code no input reached is not mistaken for hot.
# The counts depend a little on thread timing, so two runs give different bytes; the reports a
# binary writes never depend on the profile (the golden hashes prove it).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(realpath -m "${1:-../shared/corpus}")
profdata=$(dirname "$(realpath "$(command -v swift)")")/llvm-profdata
[ -x "$profdata" ] || profdata=$(command -v llvm-profdata || true)
[ -n "$profdata" ] && [ -x "$profdata" ] || { echo "pgo-profile: llvm-profdata not found beside swift" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The instrumented build. OTEL_REPORT_PROFILE=off keeps the current profile out of it (Package.swift).
OTEL_REPORT_PROFILE=off swift build -c release --product otel-report --scratch-path .build-pgo \
  -Xswiftc -Xfrontend -Xswiftc "-ir-profile-generate=$work/unused.profraw" \
  -Xswiftc -Xclang-linker -Xswiftc -fprofile-generate
bin=$(realpath .build-pgo/release/otel-report)
# A file of counts for each process (%p), merged at the end.
export LLVM_PROFILE_FILE="$work/raw/train-%p.profraw"
render() {  # name, inputs and options...
  local name=$1; shift
  "$bin" render "$@" -o "$work/out/$name" --quiet >/dev/null 2>&1 || echo "pgo-profile: $name: exit $?" >&2
}
mkdir -p "$work/out" "$work/in"

# Generated collector files, in the shapes the benchmark measures but from other seeds, service
# names and sizes (held-out files are generated, not these).
gen() {  # name, spans, generator flags...
  local name=$1 spans=$2; shift 2
  python3 Scripts/bench/generate-otlp.py "$spans" "$work/in/$name.jsonl" --service-prefix train- "$@"
}
gen collector 500000 --seed 101
gen small 40000 --seed 102 --services 3
gen one-trace-a-line 500000 --seed 103 --traces-per-line 1 --services 5
gen long-lines 500000 --seed 104 --traces-per-line 1500 --services 5
gen deep 500000 --seed 105 --spans-per-trace 40 --services 16
gen wide 500000 --seed 106 --spans-per-trace 6 --services 50
gen unique-values 500000 --seed 107 --unique-values
gen pods 500000 --seed 108 --services 12 --spans-per-trace 7 --pods 3
gen unique-names 500000 --seed 109 --unique-names
gen events 300000 --seed 110 --events --services 5
for f in "$work"/in/*.jsonl; do
  name=$(basename "$f" .jsonl)
  render "$name" "$f"
done
# The same spans as length-prefixed protobuf, when the converter's packages are installed.
if python3 -c "import google.protobuf, opentelemetry.proto" >/dev/null 2>&1; then
  python3 Scripts/otlp-json-to-protobuf.py --framing varint "$work/in/small.jsonl" "$work/in/small.binpb"
  render protobuf "$work/in/small.binpb"
fi

# The example (folder, single file, a filter), the corpus's every format and two simulated
# scenarios: the renders golden-hashes.sh makes (its hashes are not needed here).
Scripts/golden-hashes.sh "$bin" "$corpus" >/dev/null
"$bin" inspect "$work/in/collector.jsonl" >/dev/null
"$bin" validate "$work"/out/collector/*.html "$work"/out/collector/traces/*.html --quiet >/dev/null

mkdir -p Profiles
"$profdata" merge --sparse -o Profiles/otel-report.profdata "$work"/raw/*.profraw
echo "pgo-profile: wrote Profiles/otel-report.profdata ($(wc -c < Profiles/otel-report.profdata) bytes)"
# SwiftPM does not count the profile among a compile's inputs, so a release build made before
# this run would be kept as it is: it is removed, and the next `swift build -c release` compiles
# every module with the new profile.
if [ -e .build/release ]; then
  rm -rf "$(realpath .build/release)"
  echo "pgo-profile: removed the old release build (.build/release); the next release build uses the new profile"
fi
