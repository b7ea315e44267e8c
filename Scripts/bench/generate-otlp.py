#!/usr/bin/env python3
"""Writes an OTLP JSON Lines trace file shaped like the collector's file exporter output.

Usage: generate-otlp.py SPANS OUT [--seed S] [--services N] [--spans-per-trace K] [--traces-per-line T]
                        [--service-prefix P] [--unique-values] [--unique-names] [--pods N] [--events]

Each line is one ExportTraceServiceRequest holding one batch (a resourceSpans per service),
as the collector's `file` exporter writes it. Traces have K spans (default 5) spread over N
services (default 4) named P + a letter (default P: svc-), the root's always the first (with more
services than spans in a trace, each trace's children take the next ones in turn); each span carries 2-4 attributes. A line holds T traces (default 100):
1 is a collector exporting each trace as it ends, thousands one batching many. Deterministic for a given seed, so
the benchmark measures the same bytes every run. With --unique-values the attributes carry
what real requests do, a value on almost every span that no other span has: `http.target` (the
route with a request id) in place of `http.route`, and a random `http.status_code`-sized
integer in place of the status code. With --unique-names each root span's name carries a
request id (`GET /api/cart/123456789`), as instrumentation that names spans by the raw path
does: nearly every trace is an operation of its own. With --pods N each service runs as N pods, each a resource
of its own with the 15 attributes a Kubernetes deployment's SDK and collector give it (pod, node,
deployment, host, process, SDK): a line then names up to services x N resources, and each trace's
spans are spread over the pods. With --events spans carry events as gRPC and HTTP
instrumentation records them: 0-2 `message` events a span (`message.type`, `message.id`), and an
`exception` event with a type, message and stack trace on each error span. Standard library only.
"""
import json
import random
import sys


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    spans_total, out = int(args[0]), args[1]
    seed, services, per_trace, traces_per_batch, prefix = 7, 4, 5, 100, "svc-"
    unique = False
    unique_names = False
    pods = 0
    events = False
    rest = args[2:]
    while rest:
        if rest[0] == "--unique-values":
            unique = True
            rest = rest[1:]
            continue
        if rest[0] == "--unique-names":
            unique_names = True
            rest = rest[1:]
            continue
        if rest[0] == "--events":
            events = True
            rest = rest[1:]
            continue
        flag, value = rest[0], rest[1]
        rest = rest[2:]
        if flag == "--seed":
            seed = int(value)
        elif flag == "--services":
            services = int(value)
        elif flag == "--spans-per-trace":
            per_trace = int(value)
        elif flag == "--traces-per-line":
            traces_per_batch = int(value)
        elif flag == "--service-prefix":
            prefix = value
        elif flag == "--pods":
            pods = int(value)
        else:
            sys.exit(f"unknown option {flag}")
    rng = random.Random(seed)
    names = [f"{prefix}{chr(97 + i % 26)}{i // 26 or ''}" for i in range(services)]
    routes = ["/api/cart", "/api/checkout", "/api/products", "/api/recommendations", "/api/ads"]
    base = 1_768_471_200_000_000_000
    written = 0
    trace_no = 0
    with open(out, "w") as f:
        while written < spans_total:
            by_service = {n: [] for n in names} if not pods else {(n, p): [] for n in names for p in range(pods)}
            for _ in range(traces_per_batch):
                if written >= spans_total:
                    break
                trace_id = "%032x" % rng.getrandbits(128)
                start = base + trace_no * 36_000_000 + rng.randrange(1_000_000)
                trace_no += 1
                root_dur = int(rng.lognormvariate(17.0, 0.8))
                parent = None
                count = min(per_trace, spans_total - written)
                for k in range(count):
                    span_id = "%016x" % rng.getrandbits(64)
                    if services <= per_trace:
                        svc = names[k % services] if k else names[0]
                    else:
                        # More services than a trace has spans: each trace's children take the
                        # next services in turn, so every service has spans (the root's is the first).
                        svc = names[(1 + (trace_no - 1) * (per_trace - 1) + (k - 1)) % services] if k else names[0]
                    s = start + (k * root_dur) // (count + 1)
                    dur = root_dur if k == 0 else max(1000, root_dur // (k + 2))
                    route = routes[rng.randrange(len(routes))]
                    if unique:
                        target = {"key": "http.target", "value": {"stringValue": route + "?id=%d" % rng.getrandbits(40)}}
                    else:
                        target = {"key": "http.route", "value": {"stringValue": route}}
                    attrs = [{"key": "http.method", "value": {"stringValue": "GET"}}, target]
                    if rng.random() < 0.5:
                        code = rng.getrandbits(31) if unique else (200 if rng.random() < 0.98 else 500)
                        attrs.append({"key": "http.status_code", "value": {"intValue": str(code)}})
                    if rng.random() < 0.5:
                        attrs.append({"key": "app.cache_hit", "value": {"boolValue": rng.random() < 0.7}})
                    # The name, then the status, in this order: the random numbers drawn (and so
                    # the files written without --events) are those of the earlier generator.
                    name = (("GET " + route + ("/%d" % rng.getrandbits(30) if unique_names else ""))
                            if k == 0 else f"{svc} op{k}")
                    failed = rng.random() < 0.01
                    span = {
                        "traceId": trace_id,
                        "spanId": span_id,
                        "parentSpanId": parent or "",
                        "name": name,
                        "kind": 2 if k == 0 else 3 - (k % 2),
                        "startTimeUnixNano": str(s),
                        "endTimeUnixNano": str(s + dur),
                        "attributes": attrs,
                        "status": {"code": 2} if failed else {},
                    }
                    if events:
                        span["events"] = span_events(rng, s, dur, failed, svc)
                    by_service[svc if not pods else (svc, (trace_no * 7 + k) % pods)].append(span)
                    parent = span_id
                    written += 1
            request = {"resourceSpans": [
                {"resource": {"attributes": resource_attributes(key) if pods else [
                    {"key": "service.name", "value": {"stringValue": key}},
                    {"key": "service.instance.id", "value": {"stringValue": f"{key}-0"}},
                    {"key": "telemetry.sdk.language", "value": {"stringValue": "go"}},
                ]},
                 "scopeSpans": [{"scope": {"name": "bench", "version": "1.0"}, "spans": spans}],
                 "schemaUrl": ""}
                for key, spans in by_service.items() if spans
            ]}
            f.write(json.dumps(request, separators=(",", ":")))
            f.write("\n")


def span_events(rng, start, duration, failed, service):
    """A span's events as gRPC and HTTP instrumentation records them."""
    out = []
    for j in range(rng.randrange(3)):
        out.append({"timeUnixNano": str(start + duration * (j + 1) // 4), "name": "message", "attributes": [
            {"key": "message.type", "value": {"stringValue": "SENT" if j == 0 else "RECEIVED"}},
            {"key": "message.id", "value": {"intValue": str(j + 1)}},
        ]})
    if failed:
        out.append({"timeUnixNano": str(start + duration), "name": "exception", "attributes": [
            {"key": "exception.type", "value": {"stringValue": "RpcException"}},
            {"key": "exception.message", "value": {"stringValue": f"{service}: deadline exceeded after {duration // 1000} us"}},
            {"key": "exception.stacktrace", "value": {"stringValue": "RpcException: deadline exceeded\n"
                                                                    f"   at {service}.Handler.Call()\n   at {service}.Server.Serve()"}},
        ]})
    return out


def resource_attributes(key):
    """A pod's resource as a Kubernetes deployment's SDK and collector describe it."""
    n, p = key
    pod = f"{n}-7d9f8c-{p:05d}"
    values = [
        ("service.name", n), ("service.instance.id", f"{n}-{p}"), ("service.version", "1.14.2"),
        ("telemetry.sdk.language", "go"), ("telemetry.sdk.name", "opentelemetry"), ("telemetry.sdk.version", "1.28.0"),
        ("k8s.namespace.name", "shop"), ("k8s.pod.name", pod), ("k8s.node.name", f"node-{p % 3}"),
        ("k8s.deployment.name", n), ("host.name", pod), ("host.arch", "amd64"), ("os.type", "linux"),
        ("process.runtime.name", "go"), ("process.runtime.version", "go1.22.4"),
    ]
    return [{"key": k, "value": {"stringValue": v}} for k, v in values]


if __name__ == "__main__":
    main()
