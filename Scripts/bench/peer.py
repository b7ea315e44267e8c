#!/usr/bin/env python3
"""The script a user would write instead of otel-report: per-service nearest-rank span
duration percentiles and the 20 slowest traces of an OTLP JSON Lines file, with orjson.

Usage: peer.py FILE...   (pip install orjson)
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
    durations = {}
    traces = {}
    for path in sys.argv[1:]:
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
    for service in sorted(durations):
        values = sorted(durations[service])
        figures = " ".join(f"p{int(q * 100) if q < 0.999 else 99.9}={nearest_rank(values, q) / 1e6:.3f}ms"
                           for q in (0.5, 0.95, 0.99, 0.999))
        print(f"{service} spans={len(values)} {figures}")
    slowest = sorted(traces.items(), key=lambda kv: (-(kv[1][1] - kv[1][0]), kv[0]))[:20]
    for tid, (lo, hi) in slowest:
        print(f"{tid} {(hi - lo) / 1e6:.3f}ms")


if __name__ == "__main__":
    main()
