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

    static func span(_ trace: String, _ id: Int, parent: Int?, kind: Int, _ start: Int64, _ end: Int64, error: Bool = false,
                     attributes: String = "", events: String = "") -> String {
        let parentField = parent.map { #","parentSpanId":"\#(String(format: "%016x", $0))""# } ?? ""
        return #"{"traceId":"\#(trace)","spanId":"\#(String(format: "%016x", id))"\#(parentField),"name":"op\#(id)","kind":\#(kind),"startTimeUnixNano":\#(ns(start)),"endTimeUnixNano":\#(ns(end)),"status":{"code":\#(error ? 2 : 0)},"attributes":[\#(attributes)],"events":[\#(events)]}"#
    }

    static func resourceSpans(_ service: String, _ spans: [String]) -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"#
    }

    static func log(_ ms: Int64, number: Int, text: String, trace: String = "", span: Int? = nil, attributes: String = "") -> String {
        let spanID = span.map { String(format: "%016x", $0) } ?? ""
        return #"{"timeUnixNano":\#(ns(ms)),"severityNumber":\#(number),"severityText":"\#(text)","body":{"stringValue":"message at \#(ms)"},"traceId":"\#(trace)","spanId":"\#(spanID)","attributes":[\#(attributes)]}"#
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
        let exceptionAttrs = #"{"key":"exception.type","value":{"stringValue":"RedisError"}},{"key":"exception.message","value":{"stringValue":"timeout"}},{"key":"exception.stacktrace","value":{"stringValue":"Traceback (most recent call last):\n  File \"cart.py\", line 3"}}"#
        let frontend = resourceSpans("frontend", [
            span(traceA, 1, parent: nil, kind: 2, 0, 100), span(traceA, 2, parent: 1, kind: 3, 10, 60),
            span(traceB, 1, parent: nil, kind: 2, 1000, 1200), span(traceB, 2, parent: 1, kind: 3, 1010, 1110),
        ])
        let cart = resourceSpans("cart", [
            span(traceA, 3, parent: 2, kind: 2, 15, 55, error: true, events: #"{"timeUnixNano":\#(ns(40)),"name":"exception","attributes":[\#(exceptionAttrs)]}"#),
            span(traceA, 4, parent: 3, kind: 3, 20, 30, attributes: #"{"key":"db.system","value":{"stringValue":"redis"}}"#),
            span(traceB, 3, parent: 2, kind: 2, 1020, 1100),
        ])
        let cartLogs = resourceLogs("cart", [
            log(16, number: 9, text: "INFO", trace: traceA, span: 3),
            log(41, number: 17, text: "ERROR", trace: traceA, span: 3,
                attributes: #"{"key":"exception.type","value":{"stringValue":"RedisError"}},{"key":"exception.message","value":{"stringValue":"timeout again"}}"#),
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
        #expect(logs["bySeverity"] as? [String: Int] == ["TRACE": 0, "DEBUG": 0, "INFO": 1, "WARN": 1, "ERROR": 1, "FATAL": 0, "UNSPECIFIED": 1])
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
        #expect(logs["bySeverity"] as? [String: Int] == ["TRACE": 0, "DEBUG": 0, "INFO": 0, "WARN": 1, "ERROR": 0, "FATAL": 0, "UNSPECIFIED": 1])
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
