#!/usr/bin/env python3
"""A loopback stand-in for OpenSearch's point-in-time search, for the OpenSearch client tests
(no OpenSearch server can be installed on the test machines).

It serves span documents taken from real files (the corpus's Data Prepper and Jaeger _bulk
NDJSON) and log documents (Data Prepper logs-otel-v1, ss4o) and answers in the exact shapes OpenSearch 2.x returns:
  POST /<pattern>/_search/point_in_time?keep_alive=1m  -> {"pit_id", "_shards", "creation_time"}
                                                         or 404 index_not_found_exception
  POST /_search  {size, query.range, pit, sort, search_after, track_total_hits}
                 -> {"pit_id", "took", "timed_out", "_shards", "hits": {"total": {"value",
                     "relation"}, "max_score": null, "hits": [{"_index", "_id", "_score": null,
                     "_source", "sort": [epoch ms, span id or _id]}]}}
  DELETE /_search/point_in_time {"pit_id": [...]}     -> {"pits": [{"pit_id", "successful"}]}
Errors use OpenSearch's error body ({"error": {"root_cause", "type", "reason"}, "status"}).

Usage: opensearch-replay-server.py --port-file F --log F --index NAME=FILE [--index …]
       [--search-status 400] [--unavailable N] [--require-header 'Name: value']
"""
import argparse
import base64
import json
import signal
import sys
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer
from fnmatch import fnmatch

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--index", action="append", default=[])
parser.add_argument("--search-status", type=int, default=0, help="answer every _search with this error status")
parser.add_argument("--unavailable", type=int, default=0, help="answer the first N requests with 503")
parser.add_argument("--require-header", default="")
args = parser.parse_args()


def load_documents(path):
    """Span and log documents of a file: _bulk NDJSON (action + document lines) or plain NDJSON."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            if set(d.keys()) <= {"index", "create"}:
                continue
            if ("traceId" in d and "spanId" in d) or ("traceID" in d and "spanID" in d) or "time" in d or "@timestamp" in d:
                docs.append(d)
    return docs


def time_millis(doc, field):
    """The document's sort field in epoch ms (as a date field sorts), None when it lacks it."""
    if field not in doc:
        return None
    if field == "startTimeMillis":
        return int(doc["startTimeMillis"])
    t = doc[field]
    # RFC 3339 with up to nanoseconds: whole seconds plus the first three fraction digits.
    main, _, rest = t.rstrip("Z").partition(".")
    seconds = int(datetime.strptime(main, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp())
    return seconds * 1000 + int((rest + "000")[:3])


indices = {}
for spec in args.index:
    name, _, path = spec.partition("=")
    indices[name] = load_documents(path)

pits = {}
state = {"requests": 0}


def log(entry):
    with open(args.log, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, status, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, kind, reason):
        self.reply(status, {"error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
                            "status": status})

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        log({"method": method, "path": self.path, "body": body})
        state["requests"] += 1
        if state["requests"] <= args.unavailable:
            return self.error(503, "unavailable", "replay server told to be unavailable")
        if args.require_header:
            name, _, value = args.require_header.partition(":")
            if self.headers.get(name.strip()) != value.strip():
                return self.error(401, "security_exception", "missing authentication credentials for REST request [%s]" % self.path)
        path, _, _query = self.path.partition("?")
        if method == "POST" and path.endswith("/_search/point_in_time"):
            pattern = path[1:-len("/_search/point_in_time")]
            names = sorted(n for n in indices if any(fnmatch(n, p) for p in pattern.split(",")))
            if not names:
                return self.error(404, "index_not_found_exception", "no such index [%s]" % pattern)
            pit = base64.b64encode(("pit:%d:%s" % (len(pits) + 1, ",".join(names))).encode()).decode()
            pits[pit] = names
            return self.reply(200, {"pit_id": pit, "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                                    "creation_time": 1700000000000})
        if method == "POST" and path == "/_search":
            if args.search_status:
                return self.error(args.search_status, "search_phase_execution_exception", "all shards failed")
            pit = body["pit"]["id"]
            if pit not in pits:
                return self.error(404, "search_context_missing_exception", "No search context found for id [%s]" % pit)
            (field, rng), = body["query"]["range"].items()
            (tie,) = body["sort"][1].keys()
            hits = []
            for name in pits[pit]:
                for i, d in enumerate(indices[name]):
                    t = time_millis(d, field)
                    if t is not None and int(rng["gte"]) <= t <= int(rng["lte"]):
                        hits.append(((t, "%s-%d" % (name, i) if tie == "_id" else d[tie]), name, i, d))
            hits.sort(key=lambda h: h[0])
            total = len(hits)
            if "search_after" in body:
                after = tuple(body["search_after"])
                hits = [h for h in hits if h[0] > after]
            page = hits[: body["size"]]
            return self.reply(200, {
                "pit_id": pit, "took": 3, "timed_out": False,
                "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                "hits": {"total": {"value": total, "relation": "eq"}, "max_score": None,
                         "hits": [{"_index": name, "_id": "%s-%d" % (name, i), "_score": None, "_source": d,
                                   "sort": [key[0], key[1]]} for key, name, i, d in page]}})
        if method == "DELETE" and path == "/_search/point_in_time":
            ids = body.get("pit_id", []) if body else []
            for p in ids:
                pits.pop(p, None)
            return self.reply(200, {"pits": [{"pit_id": p, "successful": True} for p in ids]})
        return self.error(400, "illegal_argument_exception", "no handler for %s %s" % (method, path))

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_GET(self):
        self.handle_any("GET")


# Started from a thread that blocks SIGTERM, the server would inherit the mask and ignore it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
server = HTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file, "w") as f:
    f.write(str(server.server_address[1]))
sys.stdout.flush()
server.serve_forever()
