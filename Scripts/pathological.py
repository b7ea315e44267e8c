#!/usr/bin/env python3
"""Pathological snapshot shapes for the benchmark (issue 8): each must render in under 15 s and
2 GB on a 2-core machine, with pages still bounded. Timing stays out of the tests.

    Scripts/pathological.py generate DIR [SHAPE ...]   # write DIR/SHAPE/input.json
    Scripts/pathological.py measure DIR [SHAPE ...]    # generate if missing, render each with the
                                                       # release build under /usr/bin/time -v

Shapes: wide (one trace, 200,000 children of the root), deep (a parent chain 200,000 deep),
attrs (one span with 100,000 attributes), keys (50,000 distinct attribute keys), services (5,000
services), series (100,000 metric series), bigline (a 100 MB single-line JSON document).
All are OTLP JSON, deterministic (no randomness).
"""
import os
import subprocess
import sys
import time

T0 = 1_700_000_000_000_000_000
SHAPES = ["wide", "deep", "attrs", "keys", "services", "series", "bigline"]


def span(trace, sid, parent, name, start, dur, attrs="", status=0):
    p = f'"parentSpanId":"{parent:016x}",' if parent else ""
    return (f'{{"traceId":"{trace:032x}","spanId":"{sid:016x}",{p}"name":"{name}","kind":2,'
            f'"startTimeUnixNano":"{start}","endTimeUnixNano":"{start + dur}","attributes":[{attrs}],'
            f'"status":{{"code":{status}}}}}')


def resource_spans(service, spans):
    return (f'{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{service}"}}}}]}},'
            f'"scopeSpans":[{{"scope":{{"name":"patho"}},"spans":[{",".join(spans)}]}}]}}')


def request(resources):
    return '{"resourceSpans":[' + ",".join(resources) + "]}"


def attr(key, value):
    return f'{{"key":"{key}","value":{{"stringValue":"{value}"}}}}'


def wide():
    n = 200_000
    spans = [span(1, 1, 0, "root", T0, (n + 10) * 1000)]
    spans += [span(1, i + 2, 1, f"child-{i % 50}", T0 + i * 1000, 500 + (i * 7919) % 5000, attr("i", str(i % 100))) for i in range(n)]
    return request([resource_spans("wide", spans)])


def deep():
    n = 200_000
    spans = [span(2, i + 1, i if i else 0, f"f{i % 100}", T0 + i * 10, (n - i) * 20) for i in range(n)]
    return request([resource_spans("deep", spans)])


def attrs():
    many = ",".join(attr(f"attr.{i}", f"value-{i}") for i in range(100_000))
    spans = [span(3, 1, 0, "fat", T0, 5_000_000, many)]
    spans += [span(3 + i, 100 + i, 0, "fat", T0 + i * 1_000_000, 1_000_000 + i * 1000, attr("k", "v")) for i in range(1, 30)]
    return request([resource_spans("attrs", spans)])


def keys():
    spans = [span(10 + i // 10, i + 1, 0, "op", T0 + i * 100_000, 1_000_000 + (i * 104729) % 9_000_000,
                  attr(f"key.{i}", f"v{i % 7}")) for i in range(50_000)]
    return request([resource_spans("keys", spans)])


def services():
    res = []
    for s in range(5000):
        spans = [span(1_000_000 + s * 10 + k, s * 10 + k + 1, 0, f"op-{s % 13}", T0 + (s * 10 + k) * 1_000_000,
                      1_000_000 + ((s * 31 + k) * 7919) % 50_000_000, status=2 if k == 0 and s % 3 == 0 else 0) for k in range(10)]
        res.append(resource_spans(f"service-{s:04d}", spans))
    return request(res)


def series():
    # 100,000 series of the focus service's CPU counter (the resource dashboard reads it) and a
    # few spans so the service exists.
    points = []
    for i in range(100_000):
        dps = ",".join(f'{{"attributes":[{{"key":"type","value":{{"stringValue":"t{i}"}}}}],'
                       f'"startTimeUnixNano":"{T0}","timeUnixNano":"{T0 + k * 15_000_000_000}","asDouble":{k * 0.5 + i % 3}}}'
                       for k in range(3))
        points.append(dps)
    metrics = ('{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"metered"}}]},'
               '"scopeMetrics":[{"metrics":[{"name":"process.runtime.cpython.cpu_time","sum":{"aggregationTemporality":2,'
               '"isMonotonic":true,"dataPoints":[' + ",".join(points) + ']}}]}]}]}')
    spans = [span(7, i + 1, 0, "op", T0 + i * 1_000_000_000, 1_000_000) for i in range(40)]
    return request([resource_spans("metered", spans)]) + "\n" + metrics


def bigline():
    # One request, one line, about 100 MB: 40 services, many traces of a few spans.
    target = 100 * 1024 * 1024
    res, size, i, s = [], 0, 0, 0
    while size < target:
        spans = []
        for _ in range(2000):
            t = 5_000_000 + i // 4
            spans.append(span(t, i + 1, (i - i % 4 + 1) if i % 4 else 0, f"op-{i % 17}", T0 + i * 100_000,
                              100_000 + (i * 7919) % 90_000_000, attr("http.route", f"/r/{i % 23}") + "," + attr("user", f"u{i % 1000}")))
            i += 1
        r = resource_spans(f"svc-{s % 40:02d}", spans)
        size += len(r) + 1
        res.append(r)
        s += 1
    return request(res)


def generate(root, shape):
    folder = os.path.join(root, shape)
    path = os.path.join(folder, "input.json")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        text = globals()[shape]()
        with open(path + ".tmp", "w") as f:
            f.write(text)
            f.write("\n")
        os.replace(path + ".tmp", path)
    return path


def measure(root, shapes, binary):
    print(f"{'shape':9} {'input MB':>9} {'seconds':>8} {'peak RSS MB':>12} {'exit':>5} {'output MB':>10} "
          f"{'largest page MB':>16} {'report.json MB':>15}")
    for shape in shapes:
        path = generate(root, shape)
        out = os.path.join(root, shape, "out")
        subprocess.run(["rm", "-rf", out])
        started = time.time()
        r = subprocess.run(["/usr/bin/time", "-v", binary, "render", path, "-o", out, "--quiet",
                            "--generated-at", "2026-01-15T12:00:00Z"], capture_output=True, text=True)
        elapsed = time.time() - started
        rss = next((int(l.split()[-1]) for l in r.stderr.splitlines() if "Maximum resident set size" in l), 0)
        sizes, pages = [], []
        for d, _, files in os.walk(out):
            sizes += [os.path.getsize(os.path.join(d, f)) for f in files]
            pages += [os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(".html")]
        json_path = os.path.join(out, "report.json")
        json_size = os.path.getsize(json_path) if os.path.exists(json_path) else 0
        print(f"{shape:9} {os.path.getsize(path) / 1e6:9.1f} {elapsed:8.2f} {rss / 1024:12.0f} {r.returncode:5} "
              f"{sum(sizes) / 1e6:10.1f} {max(pages, default=0) / 1e6:16.2f} {json_size / 1e6:15.1f}", flush=True)
        if r.returncode != 0:
            print("  " + "\n  ".join(l for l in r.stderr.splitlines() if "error" in l)[:2000])


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("generate", "measure"):
        print(__doc__)
        sys.exit(64)
    root = sys.argv[2]
    shapes = sys.argv[3:] or SHAPES
    for s in shapes:
        if s not in SHAPES:
            sys.exit(f"unknown shape {s}; one of {' '.join(SHAPES)}")
    if sys.argv[1] == "generate":
        for s in shapes:
            print(generate(root, s))
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        binary = os.environ.get("OTEL_REPORT_BINARY", os.path.join(here, "..", ".build", "release", "otel-report"))
        measure(root, shapes, binary)


if __name__ == "__main__":
    main()
