import TelemetryModel

/// Small hand-made snapshots for analysis tests.
enum Fixtures {
    static let t0: Int64 = 1_700_000_000_000_000_000  // 2023-11-14T22:13:20Z

    static func span(
        _ trace: UInt64, _ id: UInt64, parent: UInt64 = 0, name: String = "op", start: Int64, ms: Int64,
        error: Bool = false, resource: Int32 = 0, attributes: [Attribute] = []
    ) -> Span {
        Span(
            traceID: TraceID(high: 0, low: trace), spanID: SpanID(id), parentSpanID: SpanID(parent), name: name,
            kind: .server, startTimeUnixNano: t0 + start * 1_000_000, endTimeUnixNano: t0 + (start + ms) * 1_000_000,
            status: error ? .error : .unset, attributes: attributes, resourceIndex: resource)
    }

    static func snapshot(_ spans: [Span], services: [String] = ["a", "b"]) -> Snapshot {
        var b = SnapshotBuilder()
        for s in services { _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(s))])) }
        b.add(spans)
        return b.finish()
    }
}
