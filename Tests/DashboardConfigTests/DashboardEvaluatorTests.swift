import TelemetryModel
import Testing

@testable import DashboardConfig
@testable import TelemetryAnalysis

/// Metric panels on tiny hand-made snapshots, with values worked out by hand from Prometheus
/// 2.x's definitions (a 10 s grid from t = 0 to 40 s, explicit windows).
@Suite struct DashboardEvaluatorTests {
    static let s: Int64 = 1_000_000_000
    static let grid = TimeGrid(stepSeconds: 10, startNanos: 0, endNanos: 40 * s)

    static func resource(_ service: String) -> Resource {
        Resource(attributes: [
            Attribute(key: "service.name", value: .string(service)), Attribute(key: "host.name", value: .string("h-" + service)),
        ])
    }

    static func numbers(
        _ name: String, kind: MetricKind = .gauge, resource: Int32 = 0, labels: [String: String] = [:],
        _ points: [(Int64, Double)], start: (Int64) -> Int64 = { _ in 0 }
    ) -> MetricSeries {
        MetricSeries(
            name: name, kind: kind, resourceIndex: resource,
            attributes: labels.keys.sorted().map { Attribute(key: $0, value: .string(labels[$0]!)) },
            points: .number(points.map { NumberPoint(startTimeUnixNano: start($0.0) * s, timeUnixNano: $0.0 * s, value: $0.1) }))
    }

    static func evaluate(_ yaml: String, _ metrics: [MetricSeries], focus: String? = "svc") throws -> [Panel] {
        let spec = try DashboardSpec.parse("dashboards:\n  - id: t\n    title: T\n    panels:\n" + yaml, file: "t.yaml")
        let snapshot = Snapshot(resources: [resource("svc"), resource("other")], metrics: metrics)
        return DashboardEvaluator(snapshot: snapshot, serviceNames: [], focus: focus, grid: grid).evaluate(spec)[0].panels
    }

    static func values(_ series: TimeSeries) -> [Double?] { series.points.map(\.value) }

    @Test func rawIsTheNewestSampleWithinTheWindow() throws {
        let panels = try Self.evaluate(
            """
                  - title: Memory
                    unit: bytes
                    metric: [absent, mem]
                    match: {service.name: "{service}"}
                    window: 15s
            """, [Self.numbers("mem", [(0, 10), (10, 20), (20, 30)]), Self.numbers("mem", resource: 1, [(0, 99)])])
        let p = try #require(panels.first)
        #expect(p.id == "memory" && p.source == "mem" && p.windowSeconds == 15 && p.stepSeconds == 10)
        #expect(p.series.count == 1 && p.series[0].name == "memory" && p.series[0].labels == [:])
        #expect(Self.values(p.series[0]) == [10, 20, 30, 30, nil])
        #expect(p.series[0].points.map(\.time) == [0, 10, 20, 30, 40])
        #expect(p.method == "last_over_time(mem{service.name=\"svc\"}[15s]) per label set")
    }

    @Test func rateAndIncreaseWithACounterReset() throws {
        // 0 → 10 → (restart at 15 s) 5 → 15: increase over [10 s, 30 s] = 15 - 10 + 10 = 15.
        let counter = Self.numbers(
            "c", kind: .sum(monotonic: true, temporality: .cumulative), [(0, 0), (10, 10), (20, 5), (30, 15)],
            start: { $0 < 20 ? 0 : 15 })
        let panels = try Self.evaluate(
            """
                  - title: Rate
                    unit: perSecond
                    metric: c
                    transform: rate
                    window: 20s
                  - title: Increase
                    unit: count
                    metric: c
                    transform: increase
                    window: 20s
                  - title: Scaled
                    unit: percent
                    metric: c
                    transform: rate
                    window: 20s
                    scale: 100
            """, [counter])
        // t=0: one sample, no rate. t=10: samples 0 and 10 in [-10, 10]; extrapolation to the
        // start stops at the zero crossing (the first value is 0), so the increase stays 10 →
        // rate 10 / 20 s. t=20 and t=30: 15 over exactly the sampled 20 s. t=40: samples 5 and
        // 15 in [20, 40]; the 10 s gap to the window's end is under 1.1 × the interval, so the
        // increase of 10 over 10 s is extrapolated to 20 s → 20.
        #expect(Self.values(panels[0].series[0]) == [nil, 0.5, 0.75, 0.75, 1])
        #expect(Self.values(panels[1].series[0]) == [nil, 10, 15, 15, 20])
        #expect(Self.values(panels[2].series[0]) == [nil, 50, 75, 75, 100])
        #expect(panels[0].markers.map(\.time) == [15] && panels[0].markers[0].label == "restart")
        #expect(panels[2].method == "rate(c[20s]) × 100 per label set")
        #expect(panels[1].method == "increase(c[20s]) per label set")
    }

    @Test func deltaSumsAddTheirPointsInTheWindow() throws {
        let delta = Self.numbers("d", kind: .sum(monotonic: true, temporality: .delta), [(5, 3), (15, 4), (25, 5)])
        let panels = try Self.evaluate(
            """
                  - {title: Rate, unit: perSecond, metric: d, transform: rate, window: 20s}
                  - {title: Increase, unit: count, metric: d, transform: increase, window: 20s}
            """, [delta])
        // (t − 20 s, t]: t=10 → {3}; t=20 → {3, 4}; t=30 → {4, 5}; t=40 → {5}.
        #expect(Self.values(panels[0].series[0]) == [nil, 0.15, 0.35, 0.45, 0.25])
        #expect(Self.values(panels[1].series[0]) == [nil, 3, 7, 9, 5])
    }

    static func histogram(_ labels: [String: String] = [:], resource: Int32 = 0) -> MetricSeries {
        let counts: [(Int64, [UInt64])] = [(0, [0, 0, 0]), (10, [5, 5, 0]), (20, [10, 10, 0])]
        return MetricSeries(
            name: "h", unit: "ms", kind: .histogram(temporality: .cumulative), resourceIndex: resource,
            attributes: labels.keys.sorted().map { Attribute(key: $0, value: .string(labels[$0]!)) },
            points: .histogram(
                counts.map {
                    HistogramPoint(
                        timeUnixNano: $0.0 * s, count: $0.1.reduce(0, +),
                        explicitBounds: [10, 100], bucketCounts: $0.1)
                }))
    }

    @Test func histogramQuantileInterpolatesInTheBucket() throws {
        // At t=20 over [0, 20]: le=10 rises by 10, le=100 and +Inf by 20 → rates 0.5, 1, 1.
        // φ=0.75: rank 0.75 falls in (10, 100] → 10 + 90 × (0.75 − 0.5) / 0.5 = 55.
        // φ=0.25: rank 0.25 falls in (0, 10] → 10 × 0.25 / 0.5 = 5. At t=10 the rates halve: same.
        let panels = try Self.evaluate(
            """
                  - {title: One, unit: ms, metric: h, transform: histogram_quantile 0.75, window: 20s, by: []}
                  - {title: Two, unit: ms, metric: h, transform: "histogram_quantile 0.25 0.75", window: 20s, by: [route]}
                  - {title: Each, unit: ms, metric: h, transform: histogram_quantile 0.75, window: 20s}
            """, [Self.histogram(["route": "/a"]), Self.histogram(["route": "/b"])])
        #expect(panels[0].series.count == 1 && panels[0].series[0].name == "one")
        #expect(Self.values(panels[0].series[0]) == [nil, 55, 55, 55, nil])
        #expect(panels[0].method == "histogram_quantile(0.75, sum by (le) (rate(h_bucket[20s])))")
        #expect(panels[1].series.map(\.name) == ["/a p25", "/a p75", "/b p25", "/b p75"])
        #expect(panels[1].series[0].labels == ["route": "/a", "quantile": "0.25"])
        #expect(Self.values(panels[1].series[0]) == [nil, 5, 5, 5, nil])
        #expect(Self.values(panels[1].series[3]) == [nil, 55, 55, 55, nil])
        #expect(panels[1].method == "histogram_quantile(φ, sum by (le, route) (rate(h_bucket[20s]))) for φ = 0.25, 0.75")
        #expect(panels[2].series.map(\.name) == ["/a", "/b"])
        #expect(panels[2].method == "histogram_quantile(0.75, rate(h_bucket[20s]))")
    }

    static let connections: [MetricSeries] = [
        numbers("conn", labels: ["state": "idle", "pool": "1"], [(0, 1), (10, 1)]),
        numbers("conn", labels: ["state": "idle", "pool": "2"], [(0, 2), (10, 2)]),
        numbers("conn", labels: ["state": "used", "pool": "1"], [(0, 4)]),
    ]

    @Test func sumByLabels() throws {
        let panels = try Self.evaluate(
            """
                  - {title: By state, unit: count, metric: conn, transform: sum by (state), window: 15s}
                  - {title: All, unit: count, metric: conn, transform: sum, window: 15s}
                  - {title: Each, unit: count, metric: conn, window: 15s, total: true}
                  - {title: By service, unit: count, metric: conn, window: 15s, by: [service.name, host.name]}
            """, Self.connections)
        #expect(panels[0].series.map(\.name) == ["idle", "used"])
        #expect(panels[0].series[0].labels == ["state": "idle"])
        #expect(Self.values(panels[0].series[0]) == [3, 3, 3, nil, nil])
        #expect(Self.values(panels[0].series[1]) == [4, 4, nil, nil, nil])
        #expect(panels[0].method == "sum by (state) (last_over_time(conn[15s]))")
        #expect(panels[1].series.map(\.name) == ["all"] && panels[1].series[0].labels == [:])
        #expect(Self.values(panels[1].series[0]) == [7, 7, 3, nil, nil])
        #expect(panels[1].method == "sum(last_over_time(conn[15s]))")
        #expect(panels[2].series.map(\.name) == ["1 idle", "1 used", "2 idle", "total"])
        #expect(Self.values(panels[2].series[3]) == [7, 7, 3, nil, nil])
        #expect(panels[2].method == "last_over_time(conn[15s]) per label set; total is their sum")
        // Resource attributes can be summed by, too.
        #expect(panels[3].series.map(\.labels) == [["service.name": "svc", "host.name": "h-svc"]])
        #expect(panels[3].series[0].name == "h-svc svc")
    }

    @Test func matchersSelectSeriesAndNameTheServiceWhenSeveral() throws {
        let metrics = [
            Self.numbers("m", labels: ["k": "a"], [(0, 1)]), Self.numbers("m", resource: 1, labels: ["k": "a"], [(0, 2)]),
            Self.numbers("m", labels: ["k": "b"], [(0, 3)]),
        ]
        let panels = try Self.evaluate(
            """
                  - {title: Not b, unit: count, metric: m, match: {k: "!=b"}, window: 15s}
                  - {title: Regex, unit: count, metric: m, match: {k: "=~a|b", service.name: "!~oth.*"}, window: 15s}
                  - {title: Missing label, unit: count, metric: m, match: {zone: ""}, window: 15s}
                  - {title: None, unit: count, metric: [nothing, none], window: 15s}
            """, metrics)
        #expect(panels[0].series.map(\.name) == ["a other", "a svc"])
        #expect(panels[0].series.map { $0.points[0].value } == [2, 1])
        #expect(panels[1].series.map(\.name) == ["a", "b"])
        #expect(panels[2].series.count == 3)
        #expect(panels[3].source == "none" && panels[3].series.isEmpty && !panels[3].hasData)
        #expect(panels[3].method == "last_over_time(nothing[15s]) per label set")
    }

    @Test func serviceContextsAndPlaceholders() throws {
        let metrics = [Self.numbers("m", [(0, 1)]), Self.numbers("m", resource: 1, [(0, 2)])]
        let yaml = """
                  - {id: "m-{service}", title: "{service} m", unit: count, metric: m, match: {service.name: "{service}"}, window: 15s,
                     method: "{metric} of {service}, {window}s window, {step}s step"}
                  - {title: "Each {service}", unit: count, metric: m, match: {service.name: "{service}"}, forEach: service, window: 15s}
                  - {title: Same id, unit: count, metric: m, window: 15s}
                  - {title: Same id, unit: count, metric: m, window: 15s}
            """
        let spec = try DashboardSpec.parse("dashboards:\n  - id: t\n    title: T {service}\n    panels:\n" + yaml, file: "t.yaml")
        let snapshot = Snapshot(resources: [Self.resource("svc"), Self.resource("Other.Service")], metrics: metrics)
        let withFocus = DashboardEvaluator(
            snapshot: snapshot, serviceNames: ["Other.Service", "svc"], focus: "Other.Service", grid: Self.grid
        ).evaluate(spec)[0]
        #expect(withFocus.title == "T Other.Service")
        #expect(withFocus.panels.map(\.id) == ["m-other-service", "each-other-service", "each-svc", "same-id", "same-id-2"])
        #expect(withFocus.panels[0].method == "m of Other.Service, 15s window, 10s step")
        #expect(withFocus.panels[0].series[0].points[0].value == 2)
        #expect(withFocus.panels[2].series[0].points[0].value == 1)
        // No focus service: panels naming {service} outside forEach are left out.
        let noFocus = DashboardEvaluator(snapshot: snapshot, serviceNames: [], focus: nil, grid: Self.grid).evaluate(spec)[0]
        #expect(noFocus.title == "T ")
        #expect(noFocus.panels.map(\.id) == ["same-id", "same-id-2"])
    }
}
