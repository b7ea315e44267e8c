import TelemetryModel
import Testing

@testable import DashboardConfig
@testable import TelemetryAnalysis

/// Span panels on a tiny snapshot: the service contexts and matchers decide which services show.
@Suite struct SpanPanelTests {
    static let ms: Int64 = 1_000_000

    static func span(_ id: UInt64, service: Int32, endSeconds: Int64, durationMs: Int64, error: Bool = false) -> Span {
        Span(
            traceID: TraceID(high: 0, low: id), spanID: SpanID(id), parentSpanID: SpanID(0), name: "op", kind: .server,
            startTimeUnixNano: endSeconds * 1_000_000_000 - durationMs * ms, endTimeUnixNano: endSeconds * 1_000_000_000,
            status: error ? .error : .unset, resourceIndex: service)
    }

    @Test func spansPanelsPerServiceAndFiltered() throws {
        let snapshot = Snapshot(
            resources: [DashboardEvaluatorTests.resource("a"), DashboardEvaluatorTests.resource("b")],
            spans: [
                Self.span(1, service: 0, endSeconds: 5, durationMs: 10),
                Self.span(2, service: 0, endSeconds: 6, durationMs: 30, error: true),
                Self.span(3, service: 1, endSeconds: 15, durationMs: 20),
            ])
        let spec = try DashboardSpec.parse(
            """
            dashboards:
              - id: s
                title: S
                panels:
                  - {title: "{service} latency", unit: ms, forEach: service, source: spans, transform: latency_percentiles p50 p99,
                     match: {service.name: "!=b"}}
                  - {title: Errors, unit: percent, source: spans, transform: error_rate}
                  - {title: Requests, unit: perSecond, source: spans, transform: request_rate, match: {service.name: b}}
                  - {title: Both, unit: ms, source: spans, transform: latency_percentiles p50}
            """, file: "s.yaml")
        let panels = DashboardEvaluator(snapshot: snapshot, serviceNames: ["a", "b"], focus: "b", grid: DashboardEvaluatorTests.grid)
            .evaluate(spec)[0].panels
        #expect(panels.map(\.id) == ["a-latency", "errors", "requests", "both"])
        // Spans ending in (0, 10]: a has 10 ms and 30 ms; nearest rank p50 = 10, p99 = 30.
        #expect(panels[0].series.map(\.name) == ["a p50", "a p99"])
        #expect(panels[0].series.map { $0.points[1].value } == [10, 30])
        #expect(panels[0].method == "nearest-rank p50/p99 of the durations of the service's spans ending in each step")
        // The focus service first; one error of two spans → 50 %.
        #expect(panels[1].series.map(\.name) == ["b", "a"])
        #expect(panels[1].series[1].points.map(\.value) == [nil, 50, nil, nil, nil])
        #expect(panels[2].series.map(\.name) == ["b"] && panels[2].series[0].points.map(\.value) == [0, 0, 0.1, 0, 0])
        #expect(panels[3].series.map(\.name) == ["b p50", "a p50"] && panels[3].source == "spans")
    }
}
