#!/usr/bin/env python3
"""Times `otel-report render` beside the script a user would write instead, in the same run.

Usage: Scripts/benchmark.py [--runs N] [--sizes S,S,...] [--keep DIR] [--no-shapes]

For each size it writes an OTLP JSON Lines trace file shaped like the collector's file
exporter output (Scripts/bench/generate-otlp.py: 4 services, 2-4 attributes a span, 5 spans a
trace, 100 traces a line) and a simulated recommendation-cache snapshot (`otel-report simulate
--scale`), and (unless --no-shapes) 500k-span files of other shapes a collector writes: one
trace a line, 2,000 traces a line (4 MB lines), deep traces (50 spans over 20 services), 60
services, a value on almost every span that no other span has (`--unique-values`), 20
services running as 3 pods each, 60 resources of 15 attributes (`--pods 3`), and root span
names that carry a request id, nearly an operation a trace (`--unique-names`), and spans that
carry events as gRPC instrumentation records them, an exception on each error span (`--events`); then
runs, alternately, the release build's full validated `render` and the peer
(Scripts/bench/peer.py: Python + orjson, per-service nearest-rank percentiles and the 20
slowest traces), N times each. It prints the median wall time of each, their ratio, the
render's phases (`render --timings`) and peak RSS against the input's size. It also checks the
numbers of every row's `report.json` against the peer's independent computation (span and trace
counts, each service's nearest-rank p50/p95/p99/p99.9 and maximum span duration, the trace
duration percentiles, the 20 slowest traces), to the nanosecond, and stops at a mismatch. Timing stays out
of `swift test`. Needs: a release build (made here), python3 with orjson (pip install orjson),
/usr/bin/time.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "otel-report")


def run_timed(cmd, env=None):
    """Wall seconds, peak RSS (KiB) and stderr of one run, from /usr/bin/time."""
    fd, tfile = tempfile.mkstemp()
    os.close(fd)
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tfile] + cmd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    with open(tfile) as f:
        wall, rss = f.read().split()[-2:]
    os.unlink(tfile)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return float(wall), int(rss), proc.stderr


def phases(stderr):
    out = {}
    for line in stderr.splitlines():
        if line.startswith("timing: "):
            name, secs = line.split()[1], float(line.split()[2])
            out[name] = secs
    return out


def nanos(ms):
    """A report's milliseconds (6 decimals: whole nanoseconds) as nanoseconds."""
    return round(ms * 1e6)


def check_numbers(label, report_path, trace_file):
    """Exits when `report.json` disagrees with `peer.py --exact` on `trace_file`."""
    exact = subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "bench", "peer.py"), "--exact", trace_file],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    with open(report_path) as f:
        report = json.load(f)
    problems = []

    def expect(what, ours, theirs):
        if ours != theirs:
            problems.append(f"{what}: report {ours}, independent {theirs}")

    peer_services, slow = {}, []
    for line in exact:
        words = line.split()
        if words[0] == "spans":
            expect("span count", report["snapshot"]["spanCount"], int(words[1]))
            expect("trace count", report["snapshot"]["traceCount"], int(words[3]))
        elif words[0] == "trace":
            t = report["snapshot"]["traceLatencyMs"]
            expect("trace latency p50/p95/p99/max", [nanos(t[k]) for k in ("p50", "p95", "p99", "max")],
                   [int(w) for w in words[1:]])
        elif words[0] == "service":
            peer_services[words[1]] = [int(w) for w in words[2:]]
        elif words[0] == "slow":
            slow.append((words[1], int(words[2])))
    ours = {s["name"]: [s["spanCount"]] + [nanos(s["latencyMs"][k]) for k in ("p50", "p95", "p99", "p999", "max")]
            for s in report["services"]}
    expect("services", sorted(ours), sorted(peer_services))
    for name in sorted(set(ours) & set(peer_services)):
        expect(f"{name} spans p50 p95 p99 p99.9 max", ours[name], peer_services[name])
    listed = [(t["traceId"], nanos(t["durationMs"])) for t in report["slowestTraces"]][:len(slow)]
    expect("20 slowest trace durations", [d for _, d in listed], [d for _, d in slow])
    # Ties may be listed in either order; a trace slower than the last listed is in both lists.
    cut = slow[-1][1] if slow else 0
    expect("20 slowest traces", sorted(t for t in listed if t[1] > cut), sorted(t for t in slow if t[1] > cut))
    if problems:
        sys.exit(f"{label}: report.json disagrees with the independent computation:\n  " + "\n  ".join(problems))
    print(f"{label}: report.json agrees with the independent computation "
          f"({len(ours)} services, {report['snapshot']['traceCount']:,} traces)")


def bench(label, inputs, trace_file, work, runs):
    size = sum(os.path.getsize(os.path.join(d, f)) for p in inputs
               for d, _, files in (os.walk(p) if os.path.isdir(p) else [(os.path.dirname(p), None, [os.path.basename(p)])])
               for f in files)
    out = os.path.join(work, "out")
    ours, peer, rss, peer_rss, phase_runs = [], [], [], [], []
    render = [BIN, "render", *inputs, "-o", out, "--quiet", "--timings", "--generated-at", "2026-01-15T12:00:00Z"]
    for i in range(runs + 1):  # the first pair warms the page cache and is not counted
        w, r, err = run_timed(render)
        pw, pr, _ = run_timed([sys.executable, os.path.join(ROOT, "Scripts", "bench", "peer.py"), trace_file])
        if i == 0:
            continue
        ours.append(w); rss.append(r); peer.append(pw); peer_rss.append(pr); phase_runs.append(phases(err))
    check_numbers(label, os.path.join(out, "report.json"), trace_file)
    spans = subprocess.run([BIN, "inspect", *inputs, "--json"], capture_output=True, text=True).stdout
    count = next((int(l.split(":")[1].strip(" ,")) for l in spans.splitlines() if '"spanCount"' in l), 0)
    med = statistics.median
    ph = {k: med([p.get(k, 0) for p in phase_runs]) for k in ("read", "analyse", "render", "validate", "write")}
    return {
        "label": label, "spans": count, "mb": size / 1e6, "ours": med(ours), "peer": med(peer),
        "ratio": med(peer) / med(ours), "rss": max(rss) / 1024, "peer_rss": max(peer_rss) / 1024,
        "rss_ratio": max(rss) * 1024 / size, "phases": ph, "spans_per_s": count / med(ours),
        "mb_per_s_read": size / 1e6 / ph["read"] if ph["read"] > 0 else 0,
    }


def main():
    runs, sizes, keep, shapes = 3, [100_000, 500_000, 2_000_000], None, True
    args = sys.argv[1:]
    while args:
        if args[0] == "--runs":
            runs = int(args[1]); args = args[2:]
        elif args[0] == "--sizes":
            sizes = [int(s) for s in args[1].split(",")]; args = args[2:]
        elif args[0] == "--keep":
            keep = args[1]; args = args[2:]
        elif args[0] == "--no-shapes":
            shapes = False; args = args[1:]
        else:
            sys.exit(__doc__)
    subprocess.run(["swift", "build", "-c", "release", "--product", "otel-report"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    work = keep or tempfile.mkdtemp(prefix="otel-report-bench-")
    os.makedirs(work, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          f"{runs} counted runs each (medians), render and peer alternating")
    rows = []
    for n in sizes:
        f = os.path.join(work, f"collector-{n}.jsonl")
        if not os.path.exists(f):
            subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "bench", "generate-otlp.py"), str(n), f], check=True)
        rows.append(bench(f"collector {n // 1000}k", [f], f, work, runs))
    # The simulated demo scenario (traces and metrics), scaled to about 280k spans.
    sim = os.path.join(work, "sim-100")
    if not os.path.exists(sim):
        subprocess.run([BIN, "simulate", "recommendation-cache", "-o", sim, "--scale", "100"], check=True, stdout=subprocess.DEVNULL)
    rows.append(bench("simulated demo ×100", [sim], os.path.join(sim, "traces.jsonl"), work, runs))
    # Other shapes of 500k spans, for cliffs a single shape would hide.
    for label, name, flags in ([
        ("500k, 1 trace a line", "one-trace-a-line", ["--traces-per-line", "1", "--services", "6", "--seed", "3"]),
        ("500k, 2,000 traces a line", "long-lines", ["--traces-per-line", "2000", "--services", "6", "--seed", "5"]),
        ("500k, 50 spans a trace, 20 services", "deep", ["--spans-per-trace", "50", "--services", "20", "--seed", "9"]),
        ("500k, 60 services", "wide", ["--spans-per-trace", "6", "--services", "60", "--seed", "13"]),
        ("500k, unique values", "unique-values", ["--unique-values", "--seed", "17"]),
        ("500k, 20 services × 3 pods", "pods", ["--services", "20", "--spans-per-trace", "8", "--pods", "3", "--seed", "21"]),
        ("500k, a span name per request", "unique-names", ["--unique-names", "--seed", "25"]),
        ("500k, span events", "events", ["--events", "--seed", "29"]),
    ] if shapes else []):
        f = os.path.join(work, f"{name}-500000.jsonl")
        if not os.path.exists(f):
            subprocess.run([sys.executable, os.path.join(ROOT, "Scripts", "bench", "generate-otlp.py"), "500000", f, *flags],
                           check=True)
        rows.append(bench(label, [f], f, work, runs))
    print()
    print("| input | spans | MB | render s | peer s | peer ÷ render | spans/s | read MB/s | read / analyse / render / validate / write s | peak RSS MiB | RSS ÷ input | peer RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
    for r in rows:
        p = r["phases"]
        print(f"| {r['label']} | {r['spans']:,} | {r['mb']:.0f} | {r['ours']:.2f} | {r['peer']:.2f} | {r['ratio']:.2f}× | "
              f"{r['spans_per_s']:,.0f} | {r['mb_per_s_read']:.0f} | "
              f"{p['read']:.2f} / {p['analyse']:.2f} / {p['render']:.2f} / {p['validate']:.2f} / {p['write']:.2f} | "
              f"{r['rss']:.0f} | {r['rss_ratio']:.2f} | {r['peer_rss']:.0f} |")
    if not keep:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
