import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// `histogram_quantile(q, sum by (le) (rate(X_bucket[w])))` over OTLP points, on small examples
/// computed by hand. Points are 15 s apart from `base` (a whole minute), bounds [10, 100] ms.
@Suite struct HistogramRateTests {
    static let base: Int64 = 1_700_000_040
    static let second: Int64 = 1_000_000_000

    static func point(_ at: Int64, start: Int64 = base, _ counts: [UInt64]) -> HistogramPoint {
        HistogramPoint(
            startTimeUnixNano: start * second, timeUnixNano: (base + at) * second,
            count: counts.reduce(0, +), explicitBounds: [10, 100], bucketCounts: counts)
    }

    static func rates(_ points: [HistogramPoint], _ temporality: AggregationTemporality, at: Int64, window: Int64) -> [Double: Double] {
        HistogramRate<Double>(points.map(HistogramRate<Double>.observation), temporality: temporality)
            .rates(evalMillis: (base + at) * 1000, rangeMillis: window * 1000)
    }

    @Test func cumulativeHistogramRateAndQuantile() {
        let points = [
            Self.point(0, [0, 0, 0]), Self.point(15, [1, 1, 0]), Self.point(30, [2, 2, 1]),
            Self.point(45, [3, 3, 1]), Self.point(60, [4, 4, 2]),
        ]
        // The window [base, base+60] starts and ends on samples: increase = last − first, no extrapolation.
        let r = Self.rates(points, .cumulative, at: 60, window: 60)
        #expect(HistogramQuantileTests.close(r[10]! * 60, 4))
        #expect(HistogramQuantileTests.close(r[100]! * 60, 8))
        #expect(HistogramQuantileTests.close(r[.infinity]! * 60, 10))
        // rank 5 of 10 falls in (10, 100] holding 4: 10 + 90 × (5 − 4)/4
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.5, r), 32.5))
        #expect(HistogramRate<Double>.quantile(0.99, r) == 100)
    }

    /// histograms.test: `histogram_quantile(q, rate(testhistogram_bucket[5m]))` at 50m, with
    /// `testhistogram_bucket{start="positive"}` loaded as `0+5x10`, `0+7x10`, `0+11x10`, `0+12x10`.
    @Test func prometheusRateOfTestHistogram() {
        let increments: [Double: Double] = [0.1: 5, 0.2: 7, 1: 11, .infinity: 12]
        let obs = (0...10).map { i in
            HistogramRate<Double>.Observation(
                startTimeUnixNano: 0, timeUnixNano: Int64(i) * 300 * Self.second,
                values: increments.mapValues { $0 * Double(i) })
        }
        let r = HistogramRate<Double>(obs, temporality: .cumulative).rates(evalMillis: 3_000_000, rangeMillis: 300_000)
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.2, r), 0.048))
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.5, r), 0.15))
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.8, r), 0.72))
    }

    @Test func newStartTimeIsAResetEvenWhenCountsDoNotDrop() {
        // Restart at base+35 s: le=10 goes 4 → 5, which Prometheus alone would read as +1.
        let restart = Self.base + 35
        let points = [
            Self.point(0, [0, 0, 0]), Self.point(15, [2, 0, 0]), Self.point(30, [4, 0, 0]),
            Self.point(45, start: restart, [5, 1, 0]), Self.point(60, start: restart, [6, 1, 0]),
        ]
        let h = HistogramRate<Double>(points.map(HistogramRate<Double>.observation), temporality: .cumulative)
        #expect(h.resets == [restart])
        #expect(h.samples[10]!.map(\.value) == [0, 2, 4, 0, 5, 6])
        #expect(h.samples[10]![3].timeMillis == restart * 1000)
        let r = h.rates(evalMillis: (Self.base + 60) * 1000, rangeMillis: 60_000)
        // le=10: 4 before the restart + 6 after; le=100 and +Inf: 4 + 7
        #expect(HistogramQuantileTests.close(r[10]! * 60, 10))
        #expect(HistogramQuantileTests.close(r[100]! * 60, 11))
        #expect(HistogramQuantileTests.close(r[.infinity]! * 60, 11))
        // rank 5.5 of 11 in the lowest bucket (10 observations): 10 × 5.5/10
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.5, r), 5.5))
    }

    @Test func deltaHistogramsSumThePointsInTheWindow() {
        let points = [Self.point(15, [5, 0, 0]), Self.point(30, [9, 9, 9]), Self.point(45, [1, 2, 0]), Self.point(60, [0, 1, 1])]
        // (base+30, base+60] holds the points at 45 and 60 only
        let r = Self.rates(points, .delta, at: 60, window: 30)
        #expect(r[10]! == 1.0 / 30)
        #expect(r[100]! == 4.0 / 30)
        #expect(r[.infinity]! == 5.0 / 30)
        // rank 2.5 of 5 in (10, 100] holding 3 from 1: 10 + 90 × 1.5/3
        #expect(HistogramQuantileTests.close(HistogramRate<Double>.quantile(0.5, r), 55))
        #expect(Self.rates(points, .delta, at: 120, window: 30).isEmpty)
    }

    @Test func sumByKeyAddsSeries() {
        let s = HistogramRate<Double>.sum([[10: 1, .infinity: 2], [10: 3, 100: 1]])
        #expect(s == [10: 4, 100: 1, .infinity: 2])
    }

    @Test func exponentialRatesAtACommonScale() {
        // Two cumulative points; the second was recorded at scale 1 and is brought to scale 0.
        let p0 = ExponentialHistogramPoint(
            startTimeUnixNano: Self.base * Self.second, timeUnixNano: Self.base * Self.second,
            count: 0, scale: 0)
        let p1 = ExponentialHistogramPoint(
            startTimeUnixNano: Self.base * Self.second, timeUnixNano: (Self.base + 60) * Self.second,
            count: 4, scale: 1, positiveOffset: 0, positiveBucketCounts: [1, 1, 1, 1])
        let obs = [p0, p1].map { HistogramRate<ExponentialBucketKey>.observation($0, scale: 0) }
        let h = HistogramRate<ExponentialBucketKey>(obs, temporality: .cumulative, fillMissing: true)
        let r = h.rates(evalMillis: (Self.base + 60) * 1000, rangeMillis: 60_000)
        #expect(HistogramQuantileTests.close(r[.positive(0)]! * 60, 2))
        #expect(HistogramQuantileTests.close(r[.positive(1)]! * 60, 2))
        // as HistogramQuantileTests: (1, 2] and (2, 4] with two each → p75 = 2^1.5
        let q = HistogramRate<ExponentialBucketKey>.quantile(0.75, r, scale: 0, zeroThreshold: 0)
        #expect(HistogramQuantileTests.close(q, 2 * 2.0.squareRoot()))
    }
}
