import DashboardConfig
import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// CPU% per Prometheus series, as the built-in `dashboards/default.yaml` CPU panel computes it
/// (through the one dashboard evaluator): a restarted process (new `service.instance.id`) is a
/// new series, rated on its own and added into the total. Expected values by hand from
/// `extrapolatedRate`.
@Suite struct CPUPanelTests {
    static let s: Int64 = 1_000_000_000

    static func snapshot() -> Snapshot {
        var b = SnapshotBuilder()
        let a = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("svc")),
                Attribute(key: "service.instance.id", value: .string("aaaaaaaa-1")),
            ]))
        let c = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("svc")),
                Attribute(key: "service.instance.id", value: .string("bbbbbbbb-2")),
            ]))
        let user = [Attribute(key: "type", value: .string("user"))]
        b.add(
            MetricSeries(
                name: "process.cpu.time", kind: .sum(monotonic: true, temporality: .cumulative), resourceIndex: a, attributes: user,
                points: .number([0, 15, 30, 45].map { NumberPoint(startTimeUnixNano: 0, timeUnixNano: $0 * s, value: Double($0) * 0.1) })))
        b.add(
            MetricSeries(
                name: "process.cpu.time", kind: .sum(monotonic: true, temporality: .cumulative), resourceIndex: c, attributes: user,
                points: .number(
                    [(60, 0.3), (75, 0.6), (90, 0.9)].map { NumberPoint(startTimeUnixNano: 58 * s, timeUnixNano: $0.0 * s, value: $0.1) })))
        return b.finish()
    }

    @Test func eachInstanceIsItsOwnSeriesAndTheTotalAddsThem() throws {
        let grid = TimeGrid(stepSeconds: 15, startNanos: 0, endNanos: 90 * Self.s)
        let dashboards = DashboardEvaluator(snapshot: Self.snapshot(), serviceNames: [], focus: "svc", grid: grid).evaluate(.builtIn)
        let panel = try #require(dashboards.flatMap(\.panels).first { $0.role == .cpu })
        #expect(panel.id == "cpu" && panel.source == "process.cpu.time")
        #expect(panel.method == "rate(process.cpu.time[60s]) × 100 per series (point labels and instance); total is their sum")
        #expect(panel.windowSeconds == 60)  // max(15 + 15, 4 × 15)
        #expect(panel.series.map(\.name) == ["user · aaaaaaaa", "user · bbbbbbbb", "total"])
        #expect(panel.series[0].labels == ["type": "user", "instance": "aaaaaaaa-1"])
        func value(_ series: Int, at t: Int64) -> Double? { panel.series[series].points.first { $0.time == t }?.value ?? nil }
        // t = 60: A holds 4 samples in [0, 60] → 4.5 × 60/45 over 60 s = 10%; B has one sample.
        #expect(abs(value(0, at: 60)! - 10) < 1e-9)
        #expect(value(1, at: 60) == nil)
        #expect(abs(value(2, at: 60)! - 10) < 1e-9)
        // t = 90: A (30, 45 s) → 1.5 × 22.5/15 / 60 = 3.75%; B (60–90 s, start capped at its zero
        // crossing 15 s before) → 0.6 × 45/30 / 60 = 1.5%; total 5.25%.
        #expect(abs(value(0, at: 90)! - 3.75) < 1e-9)
        #expect(abs(value(1, at: 90)! - 1.5) < 1e-9)
        #expect(abs(value(2, at: 90)! - 5.25) < 1e-9)
        #expect(panel.markers.map(\.time) == [58])
    }
}

@Suite struct CounterResetTests {
    static let s: Int64 = 1_000_000_000

    @Test func aNewStartTimeWithoutADropGetsAZeroSample() {
        let points = [
            NumberPoint(startTimeUnixNano: 0, timeUnixNano: 10 * Self.s, value: 5),
            NumberPoint(startTimeUnixNano: 0, timeUnixNano: 20 * Self.s, value: 6),
            // restarted at 25 s and already past the old value by 30 s: Prometheus 2.x would miss it
            NumberPoint(startTimeUnixNano: 25 * Self.s, timeUnixNano: 30 * Self.s, value: 8),
            // restarted at 35 s with a drop: Prometheus sees the reset itself, nothing is added
            NumberPoint(startTimeUnixNano: 35 * Self.s, timeUnixNano: 40 * Self.s, value: 1),
        ]
        let samples = SeriesIdentity.counterSamples(points)
        #expect(samples.map(\.timeMillis) == [10_000, 20_000, 25_000, 30_000, 40_000])
        #expect(samples.map(\.value) == [5, 6, 0, 8, 1])
        // increase over [10, 40] with samples on both edges (no extrapolation): 5 → 6 is 1, the
        // restart counts 0 → 8 as 8, the second restart 0 → 1 as 1: 10. Without the zero sample
        // the first restart would be missed: 6 → 8 is only 2, giving 4.
        let increase = PromQL.extrapolatedRate(samples[...], evalMillis: 40_000, rangeMillis: 30_000, isRate: false)
        #expect(increase == 10)
        let without = points.map { PromQL.Sample(timeMillis: $0.timeUnixNano / 1_000_000, value: $0.value) }
        #expect(PromQL.extrapolatedRate(without[...], evalMillis: 40_000, rangeMillis: 30_000, isRate: false) == 4)
    }
}

@Suite struct ContainerServiceMappingTests {
    @Test func containerMetricsJoinTheServiceTheirNameMatches() {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("recommendationservice"))]))
        let container = b.intern(Resource(attributes: [Attribute(key: "container.name", value: .string("Recommendation-Service"))]))
        let other = b.intern(Resource(attributes: [Attribute(key: "container.name", value: .string("jaeger"))]))
        let named = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("x")),
                Attribute(key: "container.name", value: .string("recommendation_service")),
            ]))
        let mapped = ContainerServiceMapping.apply(b.finish(), services: ["recommendationservice", "frontend"])
        #expect(mapped.resources[Int(container)].serviceName == "recommendationservice")
        #expect(mapped.resources[Int(other)].serviceName == "unknown_service")
        #expect(mapped.resources[Int(named)].serviceName == "x")
    }

    @Test func ambiguousNamesAreLeftAlone() {
        var b = SnapshotBuilder()
        let container = b.intern(Resource(attributes: [Attribute(key: "container.name", value: .string("cart-service"))]))
        let mapped = ContainerServiceMapping.apply(b.finish(), services: ["cartservice", "cart_service"])
        #expect(mapped.resources[Int(container)].serviceName == "unknown_service")
    }
}
