#!/usr/bin/env python3
"""The script a user would write instead of otel-report: per-service nearest-rank span
duration percentiles and the 20 slowest traces of an OTLP JSON Lines file, with orjson.

Usage: peer.py [--exact] FILE...   (pip install orjson)

--exact prints whole nanoseconds and the counts instead, for Scripts/benchmark.py to check the
report's numbers against this independent computation.
"""
import math
import sys

import orjson


def nearest_rank(sorted_values, q):
    if not sorted_values:
        return 0
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def main():
    exact = "--exact" in sys.argv[1:]
    durations = {}
    traces = {}
    for path in [a for a in sys.argv[1:] if a != "--exact"]:
        with open(path, "rb") as f:
            for line in f:
                if not line.strip():
                    continue
                doc = orjson.loads(line)
                for rs in doc.get("resourceSpans", []):
                    service = "unknown_service"
                    for kv in rs.get("resource", {}).get("attributes", []):
                        if kv["key"] == "service.name":
                            service = kv["value"].get("stringValue", service)
                    bucket = durations.setdefault(service, [])
                    for ss in rs.get("scopeSpans", []):
                        for span in ss.get("spans", []):
                            start = int(span["startTimeUnixNano"])
                            end = int(span["endTimeUnixNano"])
                            bucket.append(end - start)
                            tid = span["traceId"]
                            lo, hi = traces.get(tid, (start, end))
                            traces[tid] = (min(lo, start), max(hi, end))
    if exact:
        print_exact(durations, traces)
        return
    for service in sorted(durations):
        values = sorted(durations[service])
        figures = " ".join(f"p{int(q * 100) if q < 0.999 else 99.9}={nearest_rank(values, q) / 1e6:.3f}ms"
                           for q in (0.5, 0.95, 0.99, 0.999))
        print(f"{service} spans={len(values)} {figures}")
    slowest = sorted(traces.items(), key=lambda kv: (-(kv[1][1] - kv[1][0]), kv[0]))[:20]
    for tid, (lo, hi) in slowest:
        print(f"{tid} {(hi - lo) / 1e6:.3f}ms")


def print_exact(durations, traces):
    """`spans S traces T`, `trace p50 p95 p99 max` over trace durations (earliest start to
    latest end), then `service NAME spans p50 p95 p99 p99.9 max` and `slow TRACE duration` for the
    20 slowest traces: whole nanoseconds, nearest rank."""
    print(f"spans {sum(len(v) for v in durations.values())} traces {len(traces)}")
    whole = sorted(hi - lo for lo, hi in traces.values())
    if whole:
        print("trace", *[nearest_rank(whole, q) for q in (0.5, 0.95, 0.99)], whole[-1])
    for service in sorted(durations):
        values = sorted(durations[service])
        if values:
            print("service", service, len(values), *[nearest_rank(values, q) for q in (0.5, 0.95, 0.99, 0.999)], values[-1])
    for tid, (lo, hi) in sorted(traces.items(), key=lambda kv: (-(kv[1][1] - kv[1][0]), kv[0]))[:20]:
        print("slow", tid, hi - lo)


if __name__ == "__main__":
    main()
