import Foundation
import TelemetryModel

extension HistogramQuantile {
    /// Base-2 exponential buckets with fractional counts (a point, or the increase of a
    /// cumulative series over a window), as OTLP defines them: at scale s the base is
    /// 2^(2^−s) and positive bucket index i covers (base^i, base^(i+1)]; negative index i covers
    /// [−base^(i+1), −base^i); the zero bucket covers [−zeroThreshold, zeroThreshold].
    /// (Prometheus native histograms number the same buckets i + 1.)
    public struct ExponentialBuckets: Hashable, Sendable {
        public var scale: Int32
        public var zeroThreshold: Double
        public var zeroCount: Double
        public var positive: [Int32: Double]
        public var negative: [Int32: Double]
        /// The number of observations (may exceed the buckets' total when NaNs were observed).
        public var count: Double

        public init(
            scale: Int32, zeroThreshold: Double = 0, zeroCount: Double = 0, positive: [Int32: Double] = [:],
            negative: [Int32: Double] = [:], count: Double
        ) {
            self.scale = scale
            self.zeroThreshold = zeroThreshold
            self.zeroCount = zeroCount
            self.positive = positive
            self.negative = negative
            self.count = count
        }

        /// The buckets of one OTLP point, indexed by absolute bucket index.
        public init(_ p: ExponentialHistogramPoint) {
            var pos: [Int32: Double] = [:], neg: [Int32: Double] = [:]
            for (i, c) in p.positiveBucketCounts.enumerated() where c != 0 { pos[p.positiveOffset + Int32(i)] = Double(c) }
            for (i, c) in p.negativeBucketCounts.enumerated() where c != 0 { neg[p.negativeOffset + Int32(i)] = Double(c) }
            self.init(
                scale: p.scale, zeroThreshold: p.zeroThreshold, zeroCount: Double(p.zeroCount),
                positive: pos, negative: neg, count: Double(p.count))
        }

        /// The same observations at a coarser scale: 2^(scale − target) adjacent buckets merge
        /// into one (index i → i >> (scale − target)), as the OTel SDK and Prometheus downscale.
        public func downscaled(to target: Int32) -> ExponentialBuckets {
            guard target < scale else { return self }
            let shift = scale - target
            func merge(_ d: [Int32: Double]) -> [Int32: Double] {
                var out: [Int32: Double] = [:]
                for (i, c) in d { out[i >> shift, default: 0] += c }
                return out
            }
            return ExponentialBuckets(
                scale: target, zeroThreshold: zeroThreshold, zeroCount: zeroCount,
                positive: merge(positive), negative: merge(negative), count: count)
        }

        /// The lower and upper bound of bucket `index` of magnitude (base^index, base^(index+1)].
        func magnitudeBounds(_ index: Int32) -> (Double, Double) {
            (
                Foundation.exp2(Double(index) * Foundation.exp2(-Double(scale))),
                Foundation.exp2(Double(index + 1) * Foundation.exp2(-Double(scale)))
            )
        }
    }

    /// The φ-quantile of exponential buckets, following Prometheus's native-histogram
    /// `histogramQuantile` (promql/quantile.go): walk the buckets in ascending value order
    /// (negative, zero, positive) to the first whose cumulative count reaches q · count, then
    /// interpolate within it. Within an exponential bucket the interpolation is log-linear —
    /// linear in log2 of the value, as Prometheus ≥ 2.50 does for exponential schemas, because
    /// observations spread evenly over a bucket of a logarithmic layout are even in log space.
    /// The zero bucket interpolates linearly, from 0 when there are no negative observations (and
    /// up to 0 when there are only negative ones). Empty buckets are skipped.
    ///
    /// Special cases as Prometheus: q < 0 → −Inf, q > 1 → +Inf, q NaN or no observations → NaN;
    /// when the rank is never reached (NaN observations counted but not bucketed) the highest
    /// bucket's upper bound.
    public static func exponentialQuantile(_ q: Double, _ h: ExponentialBuckets) -> Double {
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        if h.count == 0 || q.isNaN { return .nan }
        // (lower, upper, count, isExponential) in ascending order of value.
        var ordered: [(Double, Double, Double, Bool)] = []
        for i in h.negative.keys.sorted(by: >) where h.negative[i]! > 0 {
            let (lo, hi) = h.magnitudeBounds(i)
            ordered.append((-hi, -lo, h.negative[i]!, true))
        }
        if h.zeroCount > 0 {
            let hasNegative = h.negative.values.contains { $0 > 0 }
            let hasPositive = h.positive.values.contains { $0 > 0 }
            var lo = -h.zeroThreshold, hi = h.zeroThreshold
            if !hasNegative && hasPositive { lo = 0 }
            if hasNegative && !hasPositive { hi = 0 }
            if !hasNegative && !hasPositive { lo = 0 }
            ordered.append((lo, hi, h.zeroCount, false))
        }
        for i in h.positive.keys.sorted() where h.positive[i]! > 0 {
            let (lo, hi) = h.magnitudeBounds(i)
            ordered.append((lo, hi, h.positive[i]!, true))
        }
        guard !ordered.isEmpty else { return .nan }
        let rank = q * h.count
        var cumulative = 0.0
        var chosen = ordered[ordered.count - 1]
        var before = 0.0
        for b in ordered {
            before = cumulative
            cumulative += b.2
            chosen = b
            if cumulative >= rank { break }
        }
        if cumulative < rank { return chosen.1 }
        let (lower, upper, count, exponential) = chosen
        let fraction = (rank - before) / count
        guard exponential else { return lower + (upper - lower) * fraction }
        let logLower = Foundation.log2(abs(lower)), logUpper = Foundation.log2(abs(upper))
        if lower > 0 { return Foundation.exp2(logLower + (logUpper - logLower) * fraction) }
        return -Foundation.exp2(logUpper + (logLower - logUpper) * (1 - fraction))
    }

    /// The φ-quantile of one OTLP exponential histogram point.
    public static func quantile(_ q: Double, of point: ExponentialHistogramPoint) -> Double {
        exponentialQuantile(q, ExponentialBuckets(point))
    }
}
