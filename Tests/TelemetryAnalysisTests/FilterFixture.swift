import TelemetryModel

/// A small hand-made snapshot for the filter tests (DESIGN §1), three traces:
/// - trace 1: `GET /cart` (frontend, server, ok, 300 ms) calls `cart.get` (cart, client,
///   error, 1200 ms); the cart resource says `app.cache_hit=true`, the span says false.
/// - trace 2: `GET /api` (frontend, internal, unset, 50 ms), count carried as a string.
/// - trace 3: `produce` (no `service.name`, producer, unset, 10 µs), status code as a string.
enum FilterFixture {
    static let t0: Int64 = 1_700_000_000_000_000_000

    static let resources = [
        Resource(attributes: [
            Attribute(key: "service.name", value: .string("frontend")),
            Attribute(key: "deployment.environment", value: .string("prod")),
            Attribute(key: "region", value: .string("eu west")),
        ]),
        Resource(attributes: [
            Attribute(key: "service.name", value: .string("cart")),
            Attribute(key: "deployment.environment", value: .string("prod")),
            Attribute(key: "app.cache_hit", value: .bool(true)),
        ]),
        Resource(attributes: [
            Attribute(key: "host.name", value: .string("h1")),
            Attribute(key: "app.cache_hit", value: .bool(true)),
        ]),
    ]

    static func span(
        _ trace: UInt64, _ id: UInt64, parent: UInt64 = 0, name: String, kind: SpanKind,
        status: StatusCode, startMs: Int64 = 0, nanos: Int64, resource: Int32,
        _ attributes: [Attribute]
    ) -> Span {
        Span(
            traceID: TraceID(high: 0, low: trace), spanID: SpanID(id), parentSpanID: SpanID(parent), name: name,
            kind: kind, startTimeUnixNano: t0 + startMs * 1_000_000, endTimeUnixNano: t0 + startMs * 1_000_000 + nanos,
            status: status, attributes: attributes, resourceIndex: resource)
    }

    static let spans = [
        span(
            1, 1, name: "GET /cart", kind: .server, status: .ok, nanos: 300_000_000, resource: 0,
            [
                Attribute(key: "http.status_code", value: .int(200)),
                Attribute(key: "http.method", value: .string("GET")),
                Attribute(key: "app.cache_hit", value: .bool(true)),
            ]),
        span(
            1, 2, parent: 1, name: "cart.get", kind: .client, status: .error, startMs: 10, nanos: 1_200_000_000, resource: 1,
            [
                Attribute(key: "app.cache_hit", value: .bool(false)),
                Attribute(key: "app.products.count", value: .int(1500)),
                Attribute(key: "app.ratio", value: .double(0.25)),
                Attribute(key: "status", value: .string("weird")),
                Attribute(key: "note", value: .string("a b \"c\"")),
            ]),
        span(
            2, 3, name: "GET /api", kind: .internal, status: .unset, nanos: 50_000_000, resource: 0,
            [
                Attribute(key: "http.status_code", value: .int(500)),
                Attribute(key: "app.products.count", value: .string("2000")),
            ]),
        span(
            3, 4, name: "produce", kind: .producer, status: .unset, nanos: 10_000, resource: 2,
            [
                Attribute(key: "app.ratio", value: .double(1.5)),
                Attribute(key: "http.status_code", value: .string("404")),
            ]),
    ]

    static var snapshot: Snapshot {
        var builder = SnapshotBuilder()
        for resource in resources { _ = builder.intern(resource) }
        builder.add(spans)
        builder.addInput(InputSummary(path: "in.json", format: "otlp-json", spans: 4, metricPoints: 1))
        var snapshot = builder.finish()
        snapshot.metrics = [MetricSeries(name: "calls", kind: .gauge, resourceIndex: 0, points: .number([]))]
        return snapshot
    }
}
