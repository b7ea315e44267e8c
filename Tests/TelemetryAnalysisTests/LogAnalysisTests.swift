import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// `report.json`'s `logs`, `exceptions` and `serviceMap` on small snapshots whose every figure
/// is worked out by hand in the comments (issue 14).
@Suite struct LogAnalysisTests {
    static let t0 = Fixtures.t0

    static func resource(_ name: String) -> Resource { Resource(attributes: [Attribute(key: "service.name", value: .string(name))]) }

    static func log(
        _ ms: Int64, severity: Int, text: String = "", service: Int32, trace: UInt64 = 0, span: UInt64 = 0,
        attributes: [Attribute] = []
    ) -> LogRecord {
        LogRecord(
            timeUnixNano: t0 + ms * 1_000_000, severityNumber: severity, severityText: text, body: .string("m"),
            attributes: attributes, resourceIndex: service, traceID: TraceID(high: 0, low: trace), spanID: SpanID(span))
    }

    static func snapshot(spans: [Span] = [], logs: [LogRecord]) -> Snapshot {
        var b = SnapshotBuilder()
        for s in ["api", "db-client", "worker"] { _ = b.intern(resource(s)) }
        b.add(spans)
        for l in logs { b.logs.append(l) }
        return b.finish()
    }

    @Test func logStatisticsCountBucketsTraceContextAndErrorsPerService() {
        // api: INFO(9), ERROR(17), FATAL(21), UNSPECIFIED(0,"") → 4 records, 2 errors.
        // worker: WARN(0,"warning"), TRACE(1) with trace → 2 records, 0 errors. Traced: 2.
        let snap = Self.snapshot(logs: [
            Self.log(1, severity: 9, service: 0, trace: 7),
            Self.log(2, severity: 17, service: 0),
            Self.log(3, severity: 21, service: 0),
            Self.log(4, severity: 0, service: 0),
            Self.log(5, severity: 0, text: "warning", service: 2),
            Self.log(6, severity: 1, service: 2, trace: 8),
        ])
        let s = LogStatistics(snap)
        #expect(s.recordCount == 6)
        #expect(s.bySeverity == [.trace: 1, .debug: 0, .info: 1, .warn: 1, .error: 1, .fatal: 1, .unspecified: 1])
        #expect(s.withTraceContext == 2)
        #expect(s.services == [.init(name: "api", recordCount: 4, errorCount: 2), .init(name: "worker", recordCount: 2, errorCount: 0)])
    }

    static func exceptionEvent(_ ms: Int64, type: String?, message: String? = nil) -> SpanEvent {
        var attributes: [Attribute] = []
        if let type { attributes.append(Attribute(key: "exception.type", value: .string(type))) }
        if let message { attributes.append(Attribute(key: "exception.message", value: .string(message))) }
        attributes.append(Attribute(key: "exception.stacktrace", value: .string("Traceback …")))
        return SpanEvent(timeUnixNano: Self.t0 + ms * 1_000_000, name: "exception", attributes: attributes)
    }

    @Test func exceptionsGroupByServiceAndTypeFromSpanEventsAndLogRecords() {
        var s1 = Fixtures.span(1, 1, start: 0, ms: 10, resource: 0)
        s1.events = [
            Self.exceptionEvent(5, type: "KeyError", message: "'x'"), Self.exceptionEvent(2, type: "KeyError", message: nil),
            SpanEvent(timeUnixNano: Self.t0, name: "log"),
        ]
        var s2 = Fixtures.span(2, 1, start: 0, ms: 10, resource: 0)
        s2.events = [Self.exceptionEvent(1, type: "KeyError", message: "'y'"), Self.exceptionEvent(3, type: nil)]
        var s3 = Fixtures.span(3, 1, start: 0, ms: 10, resource: 2)
        s3.events = [Self.exceptionEvent(4, type: "KeyError", message: "'z'")]
        let logs = [
            Self.log(
                0, severity: 17, service: 0, trace: 1, span: 1,
                attributes: [
                    Attribute(key: "exception.type", value: .string("KeyError")),
                    Attribute(key: "exception.message", value: .string("'early'")),
                ]),
            Self.log(9, severity: 17, service: 0, attributes: [Attribute(key: "exception.type", value: .string("KeyError"))]),
            Self.log(
                9, severity: 17, service: 0, attributes: [Attribute(key: "exception.message", value: .string("no type: not an exception"))]),
        ]
        let groups = ExceptionGroups.compute(Self.snapshot(spans: [s1, s2, s3], logs: logs))
        // api/KeyError: events at 5, 2 (trace 1), 1 (trace 2); logs at 0 (trace 1), 9 (no trace)
        // → 3 span events, 2 log records, traces {1, 2}, first 0 ms, last 9 ms, message of the
        // earliest with one: the log at 0 ("'early'").
        // api/(unknown): one event at 3 ms in trace 2. worker/KeyError: one event at 4 ms.
        #expect(groups.map { "\($0.service)/\($0.type)" } == ["api/KeyError", "api/(unknown)", "worker/KeyError"])
        let g = groups[0]
        #expect(g.spanEvents == 3 && g.logRecords == 2 && g.traceCount == 2)
        #expect(g.firstSeen == Self.t0 && g.lastSeen == Self.t0 + 9_000_000)
        #expect(g.message == "'early'" && g.stackTrace == "Traceback …")
        #expect(
            groups[1].spanEvents == 1 && groups[1].logRecords == 0 && groups[1].message == "" && groups[1].firstSeen == Self.t0 + 3_000_000)
        #expect(groups[2].message == "'z'")
    }

    @Test func exceptionGroupsWithEqualCountsSortByServiceThenType() {
        var a = Fixtures.span(1, 1, start: 0, ms: 1, resource: 2)
        a.events = [Self.exceptionEvent(0, type: "B")]
        var b = Fixtures.span(2, 1, start: 0, ms: 1, resource: 0)
        b.events = [Self.exceptionEvent(0, type: "Z"), Self.exceptionEvent(0, type: "A")]
        let groups = ExceptionGroups.compute(Self.snapshot(spans: [a, b], logs: []))
        #expect(groups.map { "\($0.service)/\($0.type)" } == ["api/A", "api/Z", "worker/B"])
    }

    static func client(
        _ trace: UInt64, _ id: UInt64, parent: UInt64, ms: Int64, error: Bool = false, resource: Int32,
        attributes: [Attribute]
    ) -> Span {
        var s = Fixtures.span(trace, id, parent: parent, start: 1, ms: ms, error: error, resource: resource, attributes: attributes)
        s.kind = .client
        return s
    }

    @Test func theServiceMapHasEdgesAcrossServicesAndVirtualPeersForChildlessClients() {
        // Trace 1: api(1) → worker(2, 40 ms, error) ; api(1) → api(3) (same service: no edge);
        //          api(3) → postgresql/orders client (4, 5 ms) with no child.
        // Trace 2: api(1) → worker(2, 10 ms) ; worker(2) → client with peer.service=payments (3, 7 ms, error);
        //          worker(2) → client with server.address=cache that has a db-client child (4 → 5) → no peer;
        //          worker(2) → client with only net.peer.name=legacy (6, 6 ms).
        // Trace 3: an orphan worker span whose parent is missing → no edge.
        let spans = [
            Fixtures.span(1, 1, start: 0, ms: 100, resource: 0),
            Fixtures.span(1, 2, parent: 1, start: 1, ms: 40, error: true, resource: 2),
            Fixtures.span(1, 3, parent: 1, start: 1, ms: 20, resource: 0),
            Self.client(
                1, 4, parent: 3, ms: 5, resource: 0,
                attributes: [
                    Attribute(key: "db.system", value: .string("postgresql")), Attribute(key: "db.name", value: .string("orders")),
                ]),
            Fixtures.span(2, 1, start: 0, ms: 100, resource: 0),
            Fixtures.span(2, 2, parent: 1, start: 1, ms: 10, resource: 2),
            Self.client(
                2, 3, parent: 2, ms: 7, error: true, resource: 2,
                attributes: [
                    Attribute(key: "peer.service", value: .string("payments")), Attribute(key: "db.system", value: .string("redis")),
                ]),
            Self.client(2, 4, parent: 2, ms: 3, resource: 2, attributes: [Attribute(key: "server.address", value: .string("cache"))]),
            Fixtures.span(2, 5, parent: 4, start: 2, ms: 1, resource: 1),
            Self.client(2, 6, parent: 2, ms: 6, resource: 2, attributes: [Attribute(key: "net.peer.name", value: .string("legacy"))]),
            Fixtures.span(3, 1, parent: 99, start: 0, ms: 5, resource: 2),
        ]
        let snap = Self.snapshot(spans: spans, logs: [])
        let map = ServiceMap.compute(snap, traces: TraceAssembler.assemble(snap))
        // Nodes: api 4 spans (1/1, 1/3, 1/4, 2/1), db-client 1 (2/5), worker 6 (1/2, 2/2, 2/3, 2/4, 2/6,
        // 3/1; errors 1/2 and 2/3);
        // peers: legacy (1 call), payments (1 call, 1 error), postgresql/orders (1 call).
        #expect(
            map.nodes == [
                .init(name: "api", isVirtual: false, spanCount: 4, errorCount: 0),
                .init(name: "db-client", isVirtual: false, spanCount: 1, errorCount: 0),
                .init(name: "legacy", isVirtual: true, spanCount: 1, errorCount: 0),
                .init(name: "payments", isVirtual: true, spanCount: 1, errorCount: 1),
                .init(name: "postgresql/orders", isVirtual: true, spanCount: 1, errorCount: 0),
                .init(name: "worker", isVirtual: false, spanCount: 6, errorCount: 2),
            ])
        let ms: Int64 = 1_000_000
        // api → worker: child spans of 40 ms (error) and 10 ms: p50 = rank ⌈0.5·2⌉ = 1 → 10 ms; p99 rank 2 → 40 ms.
        #expect(
            map.edges == [
                .init(source: "api", target: "postgresql/orders", calls: 1, errors: 0, p50Nanos: 5 * ms, p99Nanos: 5 * ms),
                .init(source: "api", target: "worker", calls: 2, errors: 1, p50Nanos: 10 * ms, p99Nanos: 40 * ms),
                .init(source: "worker", target: "db-client", calls: 1, errors: 0, p50Nanos: 1 * ms, p99Nanos: 1 * ms),
                .init(source: "worker", target: "legacy", calls: 1, errors: 0, p50Nanos: 6 * ms, p99Nanos: 6 * ms),
                .init(source: "worker", target: "payments", calls: 1, errors: 1, p50Nanos: 7 * ms, p99Nanos: 7 * ms),
            ])
    }

    @Test func aPeerNamedLikeAnInstrumentedServiceIsThatService() {
        let spans = [
            Fixtures.span(1, 1, start: 0, ms: 10, resource: 0),
            Self.client(1, 2, parent: 1, ms: 4, resource: 0, attributes: [Attribute(key: "peer.service", value: .string("worker"))]),
            Fixtures.span(2, 1, start: 0, ms: 10, resource: 2),
        ]
        let snap = Self.snapshot(spans: spans, logs: [])
        let map = ServiceMap.compute(snap, traces: TraceAssembler.assemble(snap))
        #expect(map.nodes.map(\.name) == ["api", "worker"] && !map.nodes.contains { $0.isVirtual })
        #expect(map.edges == [.init(source: "api", target: "worker", calls: 1, errors: 0, p50Nanos: 4_000_000, p99Nanos: 4_000_000)])
    }
}
