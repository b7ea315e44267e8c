import Foundation
import TelemetryAnalysis
import TelemetryModel

@testable import ReportRendering

/// Small, hand-made snapshots for rendering tests, and the golden-file helper.
enum Fixtures {
    static let t0: Int64 = 1_768_471_200_000_000_000  // 2026-01-15T10:00:00Z
    static let generatedAt: Int64 = 1_768_478_400_000_000_000  // 2026-01-15T12:00:00Z

    static func span(
        _ trace: UInt64, _ id: UInt64, parent: UInt64 = 0, name: String, startMs: Int64, durationMicros: Int64,
        resource: Int32, error: Bool = false, attributes: [Attribute] = [], events: [SpanEvent] = []
    ) -> Span {
        Span(
            traceID: TraceID(high: 0xabc, low: trace), spanID: SpanID(id), parentSpanID: SpanID(parent), name: name,
            kind: parent == 0 ? .server : .internal, startTimeUnixNano: t0 + startMs * 1_000_000,
            endTimeUnixNano: t0 + startMs * 1_000_000 + durationMicros * 1_000, status: error ? .error : .unset,
            statusMessage: error ? "boom" : "", attributes: attributes, events: events, resourceIndex: resource)
    }

    /// Two services, three traces; numbers chosen so every percentile is known by hand.
    static func small() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("frontend"))]))
        _ = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("backend")),
                Attribute(key: "host.name", value: .string("h1")),
            ]))
        b.add([
            span(1, 1, name: "GET /", startMs: 0, durationMicros: 120_500, resource: 0),
            span(
                1, 2, parent: 1, name: "load", startMs: 10, durationMicros: 100_250, resource: 1,
                attributes: [Attribute(key: "cache.hit", value: .bool(false)), Attribute(key: "items", value: .int(1200))],
                events: [SpanEvent(timeUnixNano: t0 + 50_000_000, name: "scan")]),
            span(2, 3, name: "GET /", startMs: 1000, durationMicros: 20_000, resource: 0),
            span(
                2, 4, parent: 3, name: "load", startMs: 1002, durationMicros: 5_000, resource: 1,
                attributes: [Attribute(key: "cache.hit", value: .bool(true)), Attribute(key: "items", value: .int(10))]),
            span(3, 5, name: "GET /health", startMs: 2000, durationMicros: 1_000, resource: 0, error: true),
        ])
        return b.finish()
    }

    /// Span names and values that try to break out of markup.
    static func hostile() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("<script>alert('svc')</script>"))]))
        let long = String(repeating: "x", count: 5000)
        b.add([
            span(
                9, 1, name: "<script>alert(1)</script>", startMs: 0, durationMicros: 5_000, resource: 0,
                attributes: [
                    Attribute(key: "\"><img src=x onerror=alert(2)>", value: .string("\"><img src=x onerror=alert(3)>")),
                    Attribute(key: "cdata", value: .string("]]><!-- {{title}} -->")),
                    Attribute(key: "control", value: .string("a\u{0}b\u{7}c\u{1B}[31m")),
                    Attribute(key: "long", value: .string(long)),
                    Attribute(key: "bad.utf8", value: .string(String(decoding: [0x61, 0xFF, 0xFE, 0x62], as: UTF8.self))),
                ],
                events: [
                    SpanEvent(timeUnixNano: t0 + 1_000_000, name: "</details><script>x</script>"),
                    SpanEvent(
                        timeUnixNano: t0 + 2_000_000, name: "exception",
                        attributes: [
                            Attribute(key: "exception.type", value: .string("<script>alert('type')</script>")),
                            Attribute(key: "exception.message", value: .string("]]><img src=x onerror=alert(4)>")),
                            Attribute(key: "exception.stacktrace", value: .string("</pre></details><script>alert(5)</script>")),
                        ]),
                ]),
            span(9, 2, parent: 1, name: "javascript:alert(1)", startMs: 1, durationMicros: 1_000, resource: 0),
        ])
        // A childless client span names an uninstrumented peer with hostile text.
        var client = span(
            9, 3, parent: 1, name: "call", startMs: 2, durationMicros: 500, resource: 0,
            attributes: [Attribute(key: "peer.service", value: .string("<script>alert('peer')</script>"))])
        client.kind = .client
        b.add(client)
        // Log records: one under span 1, one naming a span the trace lacks, one without a trace.
        for (k, spanID) in [(0, UInt64(1)), (1, 77), (2, 0)] {
            b.logs.append(
                LogRecord(
                    timeUnixNano: t0 + Int64(k) * 1_000_000, severityNumber: 17, severityText: "<b>ERROR</b>",
                    body: .string("<script>alert('log\(k)')</script> a\u{0}b"),
                    attributes: [Attribute(key: "exception.type", value: .string("\"><img src=x onerror=alert(6)>"))],
                    traceID: spanID == 0 ? .zero : TraceID(high: 0xabc, low: 9), spanID: SpanID(spanID)))
        }
        return b.finish()
    }

    static func render(_ snapshot: Snapshot, layout: ReportOptions.Layout = .site) throws -> [RenderedFile] {
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let options = ReportOptions(title: "Fixture report", generatedAtNanos: generatedAt, layout: layout, waterfallCount: 10)
        return try ReportBuilder(analysis: analysis, options: options, findings: Findings.detect(analysis)).render()
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
