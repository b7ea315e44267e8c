#!/usr/bin/env python3
"""Convert OTLP JSON (one request per file or per line) to OTLP protobuf with an independent
encoder: the official generated classes of PyPI `opentelemetry-proto` and `protobuf`'s
`json_format`. The tests use it to check that the protobuf reader gives the same model as the
JSON reader for the same data.

    Scripts/otlp-json-to-protobuf.py --framing single|fixed32|varint IN.json OUT

Framings: `single` (one OTLP/HTTP body; several requests of one signal are concatenated, which
protobuf reads as one request holding all their resources), `fixed32` (each request after a
4-byte big-endian length, the collector file exporter's `format: proto`), `varint` (each after a
varint length, protobuf's delimited form).

Only what the OTLP JSON encoding changes from proto3 JSON is undone before `json_format` reads
a request: trace and span ids are hex in OTLP JSON, base64 in proto3 JSON. The envelopes the
JSON reader accepts (`{"result": …}` of Jaeger api_v3, `{"batches": […]}` of Tempo) are
unwrapped. Exit 2 without `opentelemetry-proto`/`protobuf` (so callers can skip), 3 when a file
cannot be converted (json_format rejects it, or `single` was asked for mixed signals).
"""
import base64
import json
import re
import sys

try:
    from google.protobuf import json_format
    from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
    from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
except ImportError as e:  # pragma: no cover
    print(f"otlp-json-to-protobuf: {e} (pip install opentelemetry-proto protobuf)", file=sys.stderr)
    sys.exit(2)

HEX = re.compile(r"^[0-9a-fA-F]+$")
ID_KEYS = {"traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"}
SIGNALS = {
    "resourceSpans": ExportTraceServiceRequest,
    "resource_spans": ExportTraceServiceRequest,
    "resourceMetrics": ExportMetricsServiceRequest,
    "resource_metrics": ExportMetricsServiceRequest,
    "resourceLogs": ExportLogsServiceRequest,
    "resource_logs": ExportLogsServiceRequest,
}


def hex_ids_to_base64(value):
    """Trace and span ids (32 or 16 hex digits) as proto3 JSON's base64 of their bytes."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ID_KEYS and isinstance(v, str) and len(v) in (16, 32) and HEX.match(v):
                out[k] = base64.b64encode(bytes.fromhex(v)).decode()
            else:
                out[k] = hex_ids_to_base64(v)
        return out
    if isinstance(value, list):
        return [hex_ids_to_base64(v) for v in value]
    return value


def unwrap(doc):
    if isinstance(doc, dict) and isinstance(doc.get("result"), dict):
        doc = doc["result"]
    if isinstance(doc, dict) and "batches" in doc and "resourceSpans" not in doc:
        doc = dict(doc)
        doc["resourceSpans"] = doc.pop("batches")
    return doc


def documents(text):
    text = text.lstrip("\ufeff")
    try:
        yield json.loads(text)
        return
    except json.JSONDecodeError:
        pass
    for line in text.splitlines():
        if line.strip():
            yield json.loads(line)


def encode(doc):
    doc = unwrap(doc)
    signal = next((SIGNALS[k] for k in doc if k in SIGNALS), None)
    if signal is None:
        raise ValueError("no resourceSpans, resourceMetrics or resourceLogs")
    message = json_format.ParseDict(hex_ids_to_base64(doc), signal(), ignore_unknown_fields=True)
    return signal, message.SerializeToString()


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def main(argv):
    if len(argv) != 4 or argv[0] != "--framing" or argv[1] not in ("single", "fixed32", "varint"):
        print(__doc__, file=sys.stderr)
        return 64
    framing, source, target = argv[1], argv[2], argv[3]
    try:
        with open(source, encoding="utf-8") as f:
            encoded = [encode(d) for d in documents(f.read())]
    except Exception as e:  # json_format.ParseError, ValueError, UnicodeDecodeError
        print(f"otlp-json-to-protobuf: {source}: {e}", file=sys.stderr)
        return 3
    if framing == "single" and len({s for s, _ in encoded}) > 1:
        print(f"otlp-json-to-protobuf: {source}: mixed signals cannot be one message", file=sys.stderr)
        return 3
    with open(target, "wb") as out:
        for _, body in encoded:
            if framing == "fixed32":
                out.write(len(body).to_bytes(4, "big"))
            elif framing == "varint":
                out.write(varint(len(body)))
            out.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
