import Foundation
import Testing

/// `report.json`'s `logs`, `exceptions` and `serviceMap` from a rendered snapshot, against
/// figures worked out by hand from the fixture below, and how `--where` and `--from` keep logs
/// (issue 14).
@Suite(.serialized) struct LogsEndToEndTests {
    /// 2023-11-14T22:13:20Z in ns.
    static let t0: Int64 = 1_700_000_000_000_000_000
    static let traceA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", traceB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    static func ns(_ ms: Int64) -> String { "\"\(t0 + ms * 1_000_000)\"" }

    static func span(
        _ trace: String, _ id: Int, parent: Int?, kind: Int, _ start: Int64, _ end: Int64, error: Bool = false,
        attributes: String = "", events: String = ""
    ) -> String {
        let parentField = parent.map { #","parentSpanId":"\#(String(format: "%016x", $0))""# } ?? ""
        return
            #"{"traceId":"\#(trace)","spanId":"\#(String(format: "%016x", id))"\#(parentField),"name":"op\#(id)","kind":\#(kind),"startTimeUnixNano":\#(ns(start)),"endTimeUnixNano":\#(ns(end)),"status":{"code":\#(error ? 2 : 0)},"attributes":[\#(attributes)],"events":[\#(events)]}"#
    }

    static func resourceSpans(_ service: String, _ spans: [String]) -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"#
    }

    static func log(_ ms: Int64, number: Int, text: String, trace: String = "", span: Int? = nil, attributes: String = "") -> String {
        let spanID = span.map { String(format: "%016x", $0) } ?? ""
        return
            #"{"timeUnixNano":\#(ns(ms)),"severityNumber":\#(number),"severityText":"\#(text)","body":{"stringValue":"message at \#(ms)"},"traceId":"\#(trace)","spanId":"\#(spanID)","attributes":[\#(attributes)]}"#
    }

    static func resourceLogs(_ service: String, _ logs: [String]) -> String {
        #"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"scopeLogs":[{"logRecords":[\#(logs.joined(separator: ","))]}]}]}"#
    }

    /// Trace A: frontend 1 (0–100 ms) → frontend client 2 (10–60) → cart 3 (15–55, ERROR, an
    /// `exception` event at 40 ms) → cart client 4 (20–30, db.system=redis, no child).
    /// Trace B: frontend 1 (1000–1200) → client 2 (1010–1110) → cart 3 (1020–1100).
    /// Logs: cart INFO 16 ms (A, span 3); cart ERROR 41 ms (A, span 3, exception.type RedisError);
    /// frontend "WARNING" with number 0 at 1050 ms (B); frontend, no number, no text, no trace, at 5000 ms.
    static func fixture() -> String {
        let exceptionAttrs =
            #"{"key":"exception.type","value":{"stringValue":"RedisError"}},{"key":"exception.message","value":{"stringValue":"timeout"}},{"key":"exception.stacktrace","value":{"stringValue":"Traceback (most recent call last):\n  File \"cart.py\", line 3"}}"#
        let frontend = resourceSpans(
            "frontend",
            [
                span(traceA, 1, parent: nil, kind: 2, 0, 100), span(traceA, 2, parent: 1, kind: 3, 10, 60),
                span(traceB, 1, parent: nil, kind: 2, 1000, 1200), span(traceB, 2, parent: 1, kind: 3, 1010, 1110),
            ])
        let cart = resourceSpans(
            "cart",
            [
                span(
                    traceA, 3, parent: 2, kind: 2, 15, 55, error: true,
                    events: #"{"timeUnixNano":\#(ns(40)),"name":"exception","attributes":[\#(exceptionAttrs)]}"#),
                span(traceA, 4, parent: 3, kind: 3, 20, 30, attributes: #"{"key":"db.system","value":{"stringValue":"redis"}}"#),
                span(traceB, 3, parent: 2, kind: 2, 1020, 1100),
            ])
        let cartLogs = resourceLogs(
            "cart",
            [
                log(16, number: 9, text: "INFO", trace: traceA, span: 3),
                log(
                    41, number: 17, text: "ERROR", trace: traceA, span: 3,
                    attributes:
                        #"{"key":"exception.type","value":{"stringValue":"RedisError"}},{"key":"exception.message","value":{"stringValue":"timeout again"}}"#
                ),
            ])
        let frontendLogs = resourceLogs("frontend", [log(1050, number: 0, text: "WARNING", trace: traceB), log(5000, number: 0, text: "")])
        return [frontend, cart, cartLogs, frontendLogs].joined(separator: "\n") + "\n"
    }

    static func render(_ extra: [String] = []) throws -> [String: Any] {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try fixture().write(to: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let r = try CLI.run(["render", input.path, "-o", out.path, "--quiet", "--generated-at", "2026-01-15T12:00:00Z"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: out.appendingPathComponent("report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func logsExceptionsAndServiceMapMatchTheHandComputedFigures() throws {
        let report = try Self.render()
        let logs = try #require(report["logs"] as? [String: Any])
        #expect(logs["recordCount"] as? Int == 4)
        #expect(
            logs["bySeverity"] as? [String: Int] == [
                "TRACE": 0, "DEBUG": 0, "INFO": 1, "WARN": 1, "ERROR": 1, "FATAL": 0, "UNSPECIFIED": 1,
            ])
        #expect(logs["withTraceContext"] as? Int == 3)
        let services = try #require(logs["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String } == ["cart", "frontend"])
        #expect(services.map { $0["recordCount"] as? Int } == [2, 2])
        #expect(services.map { $0["errorCount"] as? Int } == [1, 0])

        let exceptions = try #require(report["exceptions"] as? [[String: Any]])
        try #require(exceptions.count == 1)
        let e = exceptions[0]
        #expect(e["service"] as? String == "cart" && e["type"] as? String == "RedisError")
        #expect(e["message"] as? String == "timeout")  // the span event at 40 ms precedes the log at 41 ms
        #expect(e["spanEvents"] as? Int == 1 && e["logRecords"] as? Int == 1 && e["traceCount"] as? Int == 1)
        #expect(e["firstSeen"] as? String == "2023-11-14T22:13:20.04Z")
        #expect(e["lastSeen"] as? String == "2023-11-14T22:13:20.041Z")

        let map = try #require(report["serviceMap"] as? [String: Any])
        let nodes = try #require(map["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["name"] as? String } == ["cart", "frontend", "redis"])
        #expect(nodes.map { $0["virtual"] as? Bool } == [false, false, true])
        #expect(nodes.map { $0["spanCount"] as? Int } == [3, 4, 1])
        #expect(nodes.map { $0["errorCount"] as? Int } == [1, 0, 0])
        let edges = try #require(map["edges"] as? [[String: Any]])
        #expect(edges.map { "\($0["source"]!)→\($0["target"]!)" } == ["cart→redis", "frontend→cart"])
        #expect(edges.map { $0["calls"] as? Int } == [1, 2])
        #expect(edges.map { $0["errors"] as? Int } == [0, 1])
        // frontend→cart: child durations 40 and 80 ms; nearest rank: p50 = 1st, p99 = 2nd.
        #expect(edges.map { $0["p50Ms"] as? Double } == [10, 40])
        #expect(edges.map { $0["p99Ms"] as? Double } == [10, 80])
    }

    @Test func whereKeepsTheLogsOfTheKeptTracesOnly() throws {
        let report = try Self.render(["--where", "status=error"])
        let logs = try #require(report["logs"] as? [String: Any])
        // Trace A only: its two cart records; the frontend records (trace B, none) go.
        #expect(logs["recordCount"] as? Int == 2)
        #expect(logs["withTraceContext"] as? Int == 2)
        #expect((logs["services"] as? [[String: Any]])?.map { $0["name"] as? String } == ["cart"])
    }

    @Test func fromKeepsTheLogsTimedWithinTheRange() throws {
        // From 1000 ms: trace B's spans, and the records at 1050 and 5000 ms.
        let report = try Self.render(["--from", "2023-11-14T22:13:21Z"])
        let logs = try #require(report["logs"] as? [String: Any])
        #expect(logs["recordCount"] as? Int == 2)
        #expect(
            logs["bySeverity"] as? [String: Int] == [
                "TRACE": 0, "DEBUG": 0, "INFO": 0, "WARN": 1, "ERROR": 0, "FATAL": 0, "UNSPECIFIED": 1,
            ])
        #expect((report["exceptions"] as? [Any])?.isEmpty == true)
    }

    @Test func aFileOfLogsAloneIsUsable() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("logs.json")
        try Self.resourceLogs("svc", [Self.log(1, number: 13, text: "WARN")]).write(to: input, atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", input.path, "-o", dir.appendingPathComponent("out").path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let inspect = try CLI.run(["inspect", input.path])
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("1 log records"))
    }
}

/// The example's `logs`, `exceptions` and `serviceMap` against the definitions computed again
/// here from `traces.jsonl` and `logs.jsonl` read with Foundation's JSON parser.
@Suite(.serialized) struct LogsIndependentTests {
    struct RawSpan {
        var trace: String, id: String, parent: String, service: String, kind: Int, durationNanos: Int64, error: Bool
        var attributes: [String: Any]
        var exceptionTypes: [String]
    }

    static func attributes(_ list: Any?) -> [String: Any] {
        var out: [String: Any] = [:]
        for pair in list as? [[String: Any]] ?? [] {
            if let key = pair["key"] as? String, let value = (pair["value"] as? [String: Any])?.values.first { out[key] = value }
        }
        return out
    }

    static func lines(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Nearest rank: the value at ⌈q·n⌉ (q in percent) of the sorted values.
    static func rank(_ sorted: [Int64], _ percent: Int) -> Int64 { sorted[max(1, (percent * sorted.count + 99) / 100) - 1] }

    @Test func theExampleMatchesAnIndependentComputation() throws {
        let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")
        var spans: [RawSpan] = []
        for request in try Self.lines(example.appendingPathComponent("traces.jsonl")) {
            for rs in request["resourceSpans"] as? [[String: Any]] ?? [] {
                let service =
                    Self.attributes((rs["resource"] as? [String: Any])?["attributes"])["service.name"] as? String ?? "unknown_service"
                for ss in rs["scopeSpans"] as? [[String: Any]] ?? [] {
                    for s in ss["spans"] as? [[String: Any]] ?? [] {
                        let start = Int64(s["startTimeUnixNano"] as? String ?? "") ?? 0,
                            end = Int64(s["endTimeUnixNano"] as? String ?? "") ?? 0
                        let events = (s["events"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "exception" }
                        spans.append(
                            RawSpan(
                                trace: s["traceId"] as? String ?? "", id: s["spanId"] as? String ?? "",
                                parent: s["parentSpanId"] as? String ?? "",
                                service: service, kind: s["kind"] as? Int ?? 0, durationNanos: max(0, end - start),
                                error: (s["status"] as? [String: Any])?["code"] as? Int == 2,
                                attributes: Self.attributes(s["attributes"]),
                                exceptionTypes: events.map { Self.attributes($0["attributes"])["exception.type"] as? String ?? "(unknown)" }
                            ))
                    }
                }
            }
        }
        // Logs: buckets by number, trace context, per service.
        var bySeverity: [String: Int] = ["TRACE": 0, "DEBUG": 0, "INFO": 0, "WARN": 0, "ERROR": 0, "FATAL": 0, "UNSPECIFIED": 0]
        var traced = 0, records = 0
        var perService: [String: (Int, Int)] = [:]
        var exceptions: [String: (events: Int, logs: Int, traces: Set<String>)] = [:]
        let names = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
        for request in try Self.lines(example.appendingPathComponent("logs.jsonl")) {
            for rl in request["resourceLogs"] as? [[String: Any]] ?? [] {
                let service =
                    Self.attributes((rl["resource"] as? [String: Any])?["attributes"])["service.name"] as? String ?? "unknown_service"
                for sl in rl["scopeLogs"] as? [[String: Any]] ?? [] {
                    for r in sl["logRecords"] as? [[String: Any]] ?? [] {
                        records += 1
                        let n = r["severityNumber"] as? Int ?? 0
                        let bucket = (1...24).contains(n) ? names[(n - 1) / 4] : "UNSPECIFIED"
                        bySeverity[bucket, default: 0] += 1
                        let trace = r["traceId"] as? String ?? ""
                        if !trace.isEmpty { traced += 1 }
                        perService[service, default: (0, 0)].0 += 1
                        if bucket == "ERROR" || bucket == "FATAL" { perService[service, default: (0, 0)].1 += 1 }
                        if let type = Self.attributes(r["attributes"])["exception.type"] as? String {
                            exceptions[service + "\u{0}" + type, default: (0, 0, [])].logs += 1
                            if !trace.isEmpty { exceptions[service + "\u{0}" + type, default: (0, 0, [])].traces.insert(trace) }
                        }
                    }
                }
            }
        }
        for s in spans {
            for type in s.exceptionTypes {
                exceptions[s.service + "\u{0}" + type, default: (0, 0, [])].events += 1
                exceptions[s.service + "\u{0}" + type, default: (0, 0, [])].traces.insert(s.trace)
            }
        }
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run([
            "render", example.path, "-o", out.appendingPathComponent("r").path, "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])

        let logs = try #require(report["logs"] as? [String: Any])
        #expect(records > 400)
        #expect(logs["recordCount"] as? Int == records)
        #expect(logs["bySeverity"] as? [String: Int] == bySeverity)
        #expect(logs["withTraceContext"] as? Int == traced)
        let services = try #require(logs["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String ?? "" } == perService.keys.sorted())
        #expect(services.map { $0["recordCount"] as? Int ?? -1 } == perService.keys.sorted().map { perService[$0]!.0 })
        #expect(services.map { $0["errorCount"] as? Int ?? -1 } == perService.keys.sorted().map { perService[$0]!.1 })

        let groups = try #require(report["exceptions"] as? [[String: Any]])
        let expectedOrder = exceptions.sorted { a, b in
            let (ca, cb) = (a.value.events + a.value.logs, b.value.events + b.value.logs)
            return ca != cb ? ca > cb : a.key < b.key
        }
        #expect(groups.map { ($0["service"] as? String ?? "") + "\u{0}" + ($0["type"] as? String ?? "") } == expectedOrder.map(\.key))
        #expect(groups.map { $0["spanEvents"] as? Int ?? -1 } == expectedOrder.map(\.value.events))
        #expect(groups.map { $0["logRecords"] as? Int ?? -1 } == expectedOrder.map(\.value.logs))
        #expect(groups.map { $0["traceCount"] as? Int ?? -1 } == expectedOrder.map(\.value.traces.count))

        // Service map: parent lookup within each trace; edges where the services differ.
        var byID: [String: RawSpan] = [:]
        for s in spans { byID[s.trace + "/" + s.id] = s }
        var edges: [String: (durations: [Int64], errors: Int)] = [:]
        var hasChild = Set<String>()
        for s in spans where !s.parent.isEmpty {
            guard let p = byID[s.trace + "/" + s.parent] else { continue }
            hasChild.insert(p.trace + "/" + p.id)
            if p.service != s.service {
                edges[p.service + " → " + s.service, default: ([], 0)].durations.append(s.durationNanos)
                if s.error { edges[p.service + " → " + s.service, default: ([], 0)].errors += 1 }
            }
        }
        let peers = spans.filter {
            ($0.kind == 3 || $0.kind == 4) && !hasChild.contains($0.trace + "/" + $0.id) && $0.attributes["peer.service"] != nil
        }
        #expect(peers.isEmpty, "the example has no uninstrumented peer")
        let map = try #require(report["serviceMap"] as? [String: Any])
        let gotEdges = try #require(map["edges"] as? [[String: Any]])
        #expect(gotEdges.map { "\($0["source"]!) → \($0["target"]!)" } == edges.keys.sorted())
        for (got, key) in zip(gotEdges, edges.keys.sorted()) {
            let sorted = edges[key]!.durations.sorted()
            #expect(got["calls"] as? Int == sorted.count, "\(key)")
            #expect(got["errors"] as? Int == edges[key]!.errors, "\(key)")
            #expect(got["p50Ms"] as? Double == Double(Self.rank(sorted, 50)) / 1e6, "\(key)")
            #expect(got["p99Ms"] as? Double == Double(Self.rank(sorted, 99)) / 1e6, "\(key)")
        }
        let nodes = try #require(map["nodes"] as? [[String: Any]])
        let serviceNames = Set(spans.map(\.service)).sorted()
        #expect(nodes.map { $0["name"] as? String ?? "" } == serviceNames)
        #expect(nodes.map { $0["spanCount"] as? Int ?? -1 } == serviceNames.map { n in spans.filter { $0.service == n }.count })
        #expect(
            nodes.map { $0["errorCount"] as? Int ?? -1 } == serviceNames.map { n in spans.filter { $0.service == n && $0.error }.count })
    }
}
