import Foundation
import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The first cases are ported from Prometheus's promql/testdata/histograms.test (v2.42): the
/// bucket values are those loaded at 50m (`0+Nx10` is N·10 at the 10th 5-minute step), and the
/// expected values are the file's. Prometheus's test runner compares with a small relative
/// tolerance, as `close` does here.
@Suite struct HistogramQuantileTests {
    typealias B = HistogramQuantile.Bucket

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    static func q(_ q: Double, _ pairs: [(Double, Double)]) -> Double {
        HistogramQuantile.bucketQuantile(q, pairs.map { B(upperBound: $0.0, count: $0.1) })
    }

    // testhistogram_bucket{start="positive"} and {start="negative"} at 50m.
    static let positive: [(Double, Double)] = [(0.1, 50), (0.2, 70), (1, 110), (.infinity, 120)]
    static let negative: [(Double, Double)] = [(-0.2, 10), (-0.1, 20), (0.3, 20), (.infinity, 30)]

    @Test func quantileOutsideZeroToOneIsInfinite() {
        #expect(Self.q(-0.1, Self.positive) == -.infinity)
        #expect(Self.q(-0.1, Self.negative) == -.infinity)
        #expect(Self.q(1.01, Self.positive) == .infinity)
        #expect(Self.q(1.01, Self.negative) == .infinity)
    }

    @Test func lowestBucketInterpolatesFromZeroOnlyWhenItsBoundIsPositive() {
        #expect(Self.q(0, Self.positive) == 0)
        #expect(Self.q(0, Self.negative) == -0.2)
    }

    @Test func rankInTheInfBucketGivesTheSecondHighestBound() {
        #expect(Self.q(1, Self.positive) == 1)
        #expect(Self.q(1, Self.negative) == 0.3)
    }

    @Test func usefulQuantilesOfTheTestHistogram() {
        #expect(Self.close(Self.q(0.2, Self.positive), 0.048))
        #expect(Self.q(0.2, Self.negative) == -0.2)
        #expect(Self.close(Self.q(0.5, Self.positive), 0.15))
        #expect(Self.close(Self.q(0.5, Self.negative), -0.15))
        #expect(Self.close(Self.q(0.8, Self.positive), 0.72))
        #expect(Self.q(0.8, Self.negative) == 0.3)
    }

    @Test func bucketOrderDoesNotMatter() {
        #expect(Self.close(Self.q(0.5, Self.positive.reversed()), 0.15))
    }

    /// `sum(rate(request_duration_seconds_bucket[5m])) by (le …)`: the rates are the per-step
    /// increments ÷ 300, summed over the series of each group.
    @Test func aggregatedRequestDurationCases() {
        func agg(_ series: [[Double]]) -> [(Double, Double)] {
            let bounds = [0.1, 0.2, Double.infinity]
            return bounds.indices.map { i in (bounds[i], series.reduce(0) { $0 + $1[i] / 300 }) }
        }
        let j1i1: [Double] = [1, 3, 4], j1i2: [Double] = [2, 5, 6], j2i1: [Double] = [3, 4, 6], j2i2: [Double] = [4, 7, 9]
        let all = agg([j1i1, j1i2, j2i1, j2i2])
        #expect(Self.close(Self.q(0.3, all), 0.075))
        #expect(Self.close(Self.q(0.5, all), 0.1277777777777778))
        #expect(Self.close(Self.q(0.3, agg([j1i1, j2i1])), 0.075))
        #expect(Self.close(Self.q(0.5, agg([j1i1, j2i1])), 0.1333333333))
        #expect(Self.close(Self.q(0.5, agg([j1i2, j2i2])), 0.125))
        #expect(Self.close(Self.q(0.3, agg([j1i1, j1i2])), 0.1))
        #expect(Self.close(Self.q(0.3, agg([j2i1, j2i2])), 0.0642857142857143))
        #expect(Self.close(Self.q(0.5, agg([j1i1, j1i2])), 0.14))
        #expect(Self.close(Self.q(0.5, agg([j2i1, j2i2])), 0.1125))
        let single: [([Double], Double, Double)] = [
            (j1i1, 0.11, 0.15), (j1i2, 0.09, 0.13333333333333333),
            (j2i1, 0.06, 0.1), (j2i2, 0.0675, 0.11666666666666667),
        ]
        for (s, q3, q5) in single {
            #expect(Self.close(Self.q(0.3, agg([s])), q3))
            #expect(Self.close(Self.q(0.5, agg([s])), q5))
        }
    }

    @Test func nonMonotonicBucketsAreRepairedToTheirEnvelope() {
        let b: [(Double, Double)] = [(0.1, 10), (1, 90), (10, 80), (100, 80), (1000, 90), (.infinity, 90)]
        #expect(Self.close(Self.q(0.99, b), 0.989875))
        var buckets = b.map { B(upperBound: $0.0, count: $0.1) }
        #expect(HistogramQuantile.ensureMonotonic(&buckets))
        #expect(buckets.map(\.count) == [10, 90, 90, 90, 90, 90])
    }

    /// `mixed_bucket`: `le` of 0.2, 2e-1 and 2.0e-1 are one bound; `+inf` and `+Inf` too.
    @Test func equalBoundsAreCoalesced() {
        let ins1: [(Double, Double)] = [(0.1, 1), (0.2, 1), (0.2, 1), (0.2, 1), (.infinity, 4)]
        #expect(Self.close(Self.q(0.5, ins1), 0.15))
        #expect(Self.close(Self.q(0.75, ins1), 0.2))
        #expect(Self.q(1, ins1) == 0.2)
        let ins2: [(Double, Double)] = [(.infinity, 0), (.infinity, 0)]
        #expect(Self.q(0.5, ins2).isNaN)
    }

    @Test func degenerateInputsGiveNaN() {
        #expect(Self.q(.nan, Self.positive).isNaN)
        #expect(Self.q(0.5, [(0.1, 5), (1, 10)]).isNaN)  // no +Inf bucket
        #expect(Self.q(0.5, [(.infinity, 10)]).isNaN)  // fewer than 2 buckets
        #expect(Self.q(0.5, [(0.1, 0), (.infinity, 0)]).isNaN)  // no observations
        #expect(Self.q(0.5, []).isNaN)
    }

    @Test func otlpExplicitBucketsBecomeCumulativeWithInfLast() {
        let p = HistogramPoint(timeUnixNano: 0, count: 10, explicitBounds: [10, 100], bucketCounts: [4, 4, 2])
        let b = HistogramQuantile.cumulativeBuckets(explicitBounds: p.explicitBounds, bucketCounts: [4, 4, 2], count: 10)
        #expect(b == [B(upperBound: 10, count: 4), B(upperBound: 100, count: 8), B(upperBound: .infinity, count: 10)])
        // rank 5 lies in (10, 100] holding 4: 10 + 90 × 1/4
        #expect(HistogramQuantile.quantile(0.5, of: p) == 32.5)
        #expect(HistogramQuantile.quantile(0.95, of: p) == 100)
    }

    // MARK: - Exponential histograms

    @Test func exponentialQuantileInterpolatesLogLinearly() {
        // scale 0 (base 2): index 0 is (1, 2], index 1 is (2, 4]; two observations in each
        let p = ExponentialHistogramPoint(timeUnixNano: 0, count: 4, scale: 0, positiveOffset: 0, positiveBucketCounts: [2, 2])
        #expect(Self.close(HistogramQuantile.quantile(0.25, of: p), 2.0.squareRoot()))  // 2^(0 + ½)
        #expect(Self.close(HistogramQuantile.quantile(0.5, of: p), 2))  // top of (1, 2]
        #expect(Self.close(HistogramQuantile.quantile(0.75, of: p), 2 * 2.0.squareRoot()))  // 2^(1 + ½)
        #expect(HistogramQuantile.quantile(-1, of: p) == -.infinity)
        #expect(HistogramQuantile.quantile(2, of: p) == .infinity)
        #expect(HistogramQuantile.quantile(0.5, of: ExponentialHistogramPoint(timeUnixNano: 0, count: 0, scale: 0)).isNaN)
    }

    @Test func exponentialZeroBucketStartsAtZeroWithOnlyPositiveObservations() {
        let p = ExponentialHistogramPoint(
            timeUnixNano: 0, count: 4, scale: 0, zeroCount: 2, zeroThreshold: 0.5,
            positiveOffset: 0, positiveBucketCounts: [2])
        #expect(Self.close(HistogramQuantile.quantile(0.25, of: p), 0.25))  // linear in [0, 0.5]
        #expect(Self.close(HistogramQuantile.quantile(0.75, of: p), 2.0.squareRoot()))
    }

    @Test func exponentialNegativeBucketsMirrorThePositiveOnes() {
        // scale 1 (base √2): negative index 2 holds values in [−2^1.5, −2)
        let p = ExponentialHistogramPoint(timeUnixNano: 0, count: 4, scale: 1, negativeOffset: 2, negativeBucketCounts: [4])
        #expect(Self.close(HistogramQuantile.quantile(0.5, of: p), -pow(2, 1.25)))
        #expect(Self.close(HistogramQuantile.quantile(0, of: p), -pow(2, 1.5)))
    }

    @Test func downscalingMergesAdjacentBuckets() {
        let p = ExponentialHistogramPoint(timeUnixNano: 0, count: 4, scale: 1, positiveOffset: 0, positiveBucketCounts: [1, 1, 1, 1])
        let d = HistogramQuantile.ExponentialBuckets(p).downscaled(to: 0)
        #expect(d.positive == [0: 2, 1: 2])
        #expect(d.scale == 0)
    }
}
