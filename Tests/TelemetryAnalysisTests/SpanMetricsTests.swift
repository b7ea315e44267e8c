import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Span metrics as the spanmetrics connector writes them (DESIGN §8), for service `a`: two
/// duration series (status UNSET and ERROR) and two calls series, flushed every 15 s from
/// `base`, cumulative, bounds [10, 100] ms. At base+60 s, over the 60 s window, the increases
/// are le=10: 3, le=100: 6, +Inf: 6; calls 6, of which 2 errors.
@Suite struct SpanMetricsTests {
    static let base: Int64 = 1_700_000_040
    static let second: Int64 = 1_000_000_000

    static func attributes(_ status: String, service: String = "a") -> [Attribute] {
        [
            Attribute(key: "service.name", value: .string(service)), Attribute(key: "span.kind", value: .string("SPAN_KIND_SERVER")),
            Attribute(key: "span.name", value: .string("op")), Attribute(key: "status.code", value: .string(status)),
        ]
    }

    static func duration(
        _ status: String, _ counts: [[UInt64]], name: String = "traces.span.metrics.duration",
        unit: String = "ms"
    ) -> MetricSeries {
        let points = counts.enumerated().map { i, c in
            HistogramPoint(
                startTimeUnixNano: base * second, timeUnixNano: (base + Int64(i) * 15) * second,
                count: c.reduce(0, +), explicitBounds: [10, 100], bucketCounts: c)
        }
        return MetricSeries(
            name: name, unit: unit, kind: .histogram(temporality: .cumulative),
            attributes: attributes(status), points: .histogram(points))
    }

    static func calls(_ status: String, _ values: [Double], name: String = "traces.span.metrics.calls") -> MetricSeries {
        let points = values.enumerated().map { i, v in
            NumberPoint(startTimeUnixNano: base * second, timeUnixNano: (base + Int64(i) * 15) * second, value: v)
        }
        return MetricSeries(
            name: name, kind: .sum(monotonic: true, temporality: .cumulative),
            attributes: attributes(status), points: .number(points))
    }

    static var metrics: [MetricSeries] {
        [
            duration("STATUS_CODE_UNSET", [[0, 0, 0], [1, 0, 0], [2, 1, 0], [2, 1, 0], [3, 1, 0]]),
            duration("STATUS_CODE_ERROR", [[0, 0, 0], [0, 0, 0], [0, 1, 0], [0, 2, 0], [0, 2, 0]]),
            calls("STATUS_CODE_UNSET", [0, 1, 3, 3, 4]),
            calls("STATUS_CODE_ERROR", [0, 0, 1, 2, 2]),
        ]
    }

    static func snapshot(_ metrics: [MetricSeries], spans: [Span] = []) -> Snapshot {
        var s = Fixtures.snapshot(spans, services: ["a"])
        s.metrics = metrics
        return s
    }

    static let grid = TimeGrid(stepSeconds: 15, startNanos: base * second, endNanos: (base + 60) * second)

    static func value(_ series: TimeSeries?, at t: Int64) -> Double? {
        series?.points.first { $0.time == t }?.value ?? nil
    }

    @Test func recognisesConnectorAndProcessorSeries() {
        let m = SpanMetrics(Self.snapshot(Self.metrics), grid: Self.grid)
        #expect(m.latencyServices == ["a"])
        #expect(m.callsServices == ["a"])
        #expect(m.durationMetric("a") == "traces.span.metrics.duration")
        // The processor's names count only with span dimensions.
        let bare = MetricSeries(name: "latency", unit: "ms", kind: .histogram(temporality: .cumulative), points: .histogram([]))
        #expect(!SpanMetrics.isDuration(bare))
        #expect(SpanMetrics.isDuration(Self.duration("STATUS_CODE_UNSET", [], name: "latency")))
        #expect(SpanMetrics.isCalls(Self.calls("STATUS_CODE_UNSET", [], name: "calls_total")))
        #expect(SpanMetrics.isError(Self.calls("STATUS_CODE_ERROR", [])))
        #expect(!SpanMetrics.isError(Self.calls("STATUS_CODE_UNSET", [])))
    }

    @Test func windowIsGrafanasRateInterval() {
        // 15 s flushes, 15 s step: max(15 + 15, 4 × 15)
        #expect(SpanMetrics(Self.snapshot(Self.metrics), grid: Self.grid).windowSeconds == 60)
    }

    @Test func latencyPercentilesFromSummedBucketRates() throws {
        let m = SpanMetrics(Self.snapshot(Self.metrics), grid: Self.grid)
        let series = try #require(m.latency(service: "a"))
        #expect(series.map(\.name) == ["a p50", "a p95", "a p99", "a p99.9"])
        let t = Self.base + 60
        // rank 3 of 6 → top of (0, 10]; p95 rank 5.7 → 10 + 90 × 2.7/3; p99 → 10 + 90 × 2.94/3
        #expect(HistogramQuantileTests.close(Self.value(series[0], at: t)!, 10))
        #expect(HistogramQuantileTests.close(Self.value(series[1], at: t)!, 91))
        #expect(HistogramQuantileTests.close(Self.value(series[2], at: t)!, 98.2))
        #expect(HistogramQuantileTests.close(Self.value(series[3], at: t)!, 99.82))
        // At base+0 the window holds one sample: no rate, no value.
        #expect(Self.value(series[0], at: Self.base) == nil)
    }

    @Test func secondsHistogramsAreShownInMilliseconds() throws {
        let s = [Self.duration("STATUS_CODE_UNSET", [[0, 0, 0], [3, 3, 0]], unit: "s")]
        let m = SpanMetrics(
            Self.snapshot(s), grid: TimeGrid(stepSeconds: 15, startNanos: Self.base * Self.second, endNanos: (Self.base + 15) * Self.second)
        )
        let p50 = try #require(m.latency(service: "a")?.first)
        // rank 3 of 6 → top of (0, 10] s = 10 000 ms
        #expect(HistogramQuantileTests.close(Self.value(p50, at: Self.base + 15)!, 10_000))
    }

    @Test func exponentialDurationHistograms() throws {
        // one cumulative series at scale 0: (1, 2] and (2, 4] ms with two spans each by base+60
        let points = [
            ExponentialHistogramPoint(
                startTimeUnixNano: Self.base * Self.second, timeUnixNano: Self.base * Self.second, count: 0, scale: 0),
            ExponentialHistogramPoint(
                startTimeUnixNano: Self.base * Self.second, timeUnixNano: (Self.base + 60) * Self.second,
                count: 4, scale: 0, positiveOffset: 0, positiveBucketCounts: [2, 2]),
        ]
        let s = MetricSeries(
            name: "traces.span.metrics.duration", unit: "ms", kind: .exponentialHistogram(temporality: .cumulative),
            attributes: Self.attributes("STATUS_CODE_UNSET"), points: .exponentialHistogram(points))
        let m = SpanMetrics(Self.snapshot([s]), grid: Self.grid)
        let series = try #require(m.latency(service: "a"))
        // the counters start at 0, so the increase is not extrapolated past the zero point
        #expect(HistogramQuantileTests.close(Self.value(series[0], at: Self.base + 60)!, 2))
    }

    @Test func errorAndRequestRatesFromCalls() {
        let m = SpanMetrics(Self.snapshot(Self.metrics), grid: Self.grid)
        let t = Self.base + 60
        #expect(HistogramQuantileTests.close(Self.value(m.errorRate(service: "a"), at: t)!, 100.0 / 3))
        #expect(HistogramQuantileTests.close(Self.value(m.requestRate(service: "a"), at: t)!, 0.1))
        #expect(m.errorRate(service: "b") == nil)
    }

    @Test func errorRateIsZeroWithoutErrorSeries() {
        let m = SpanMetrics(Self.snapshot([Self.calls("STATUS_CODE_UNSET", [0, 1, 3, 3, 4])]), grid: Self.grid)
        #expect(Self.value(m.errorRate(service: "a"), at: Self.base + 60) == 0)
    }

    @Test func dashboardsUseSpanMetricsWhenPresent() throws {
        // Spans ending in the range; their p99 differs from the histogram's.
        let start = (Self.base - Fixtures.t0 / Self.second) * 1000
        let spans = (0..<6).map { Fixtures.span(UInt64($0 + 1), 1, start: start + 50_000 + Int64($0) * 100, ms: 5) }
        let analysis = SnapshotAnalysis(snapshot: Self.snapshot(Self.metrics, spans: spans))
        let panels = analysis.dashboards.flatMap(\.panels)
        let latency = try #require(panels.first { $0.id == "latency-a" })
        #expect(latency.source == "traces.span.metrics.duration")
        #expect(
            latency.method.hasPrefix(
                "histogram_quantile(φ, sum by (le) (rate(traces.span.metrics.duration_bucket{service.name=\"a\"}[60s])))"))
        #expect(latency.method.contains("nearest-rank p99 of the spans"))
        #expect(latency.windowSeconds == 60)
        let p50 = try #require(latency.series.first)
        #expect(HistogramQuantileTests.close(Self.value(p50, at: Self.base + 60)!, 10))
        let errors = try #require(panels.first { $0.id == "error-rate" })
        #expect(errors.source == "traces.span.metrics.calls")
        #expect(HistogramQuantileTests.close(Self.value(errors.series.first, at: Self.base + 60)!, 100.0 / 3))
        let rate = try #require(panels.first { $0.id == "request-rate" })
        #expect(rate.source == "traces.span.metrics.calls")
    }

    @Test func relativeDifferenceIsSymmetricAndBounded() throws {
        let a = TimeSeries(name: "m", points: [(0, 10), (15, 10), (30, nil), (45, 0)])
        let b = TimeSeries(name: "s", points: [(0, 10), (15, 2.5), (30, 4), (45, 0)])
        let d = try #require(SpanMetrics.relativeDifference(a, b))
        // steps 0 and 15 qualify: 0 and |10 − 2.5| ÷ 10 = 0.75
        #expect(d.max == 0.75)
        #expect(d.time == 15)
        #expect(d.median == 0.75)
        #expect(SpanMetrics.relativeDifference(b, a)!.max == 0.75)
        #expect(SpanMetrics.relativeDifference(TimeSeries(name: "x", points: [(0, nil)]), b) == nil)
    }

    @Test func dashboardsStayOnSpansWithoutSpanMetrics() throws {
        let spans = [Fixtures.span(1, 1, start: 0, ms: 5)]
        let analysis = SnapshotAnalysis(snapshot: Self.snapshot([], spans: spans))
        let panels = analysis.dashboards.flatMap(\.panels)
        #expect(panels.first { $0.id == "latency-a" }?.source == "spans")
        #expect(panels.first { $0.id == "error-rate" }?.source == "spans")
        #expect(panels.first { $0.id == "request-rate" }?.source == "spans")
    }
}
