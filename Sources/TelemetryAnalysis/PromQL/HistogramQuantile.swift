import TelemetryModel

/// Quantiles from histogram buckets, so that latency read from span-metrics histograms equals
/// what Prometheus's `histogram_quantile` returns for the same buckets (DESIGN §4).
///
/// Classic (`le`) buckets follow `bucketQuantile` of promql/quantile.go as of Prometheus v2.42:
/// linear interpolation within the bucket holding the rank, a natural lower bound of 0 for the
/// lowest bucket when its upper bound is positive, and the special cases listed on
/// `bucketQuantile(_:_:)`. (The later `correctPrecisionErrors` step, added after v2.42, is not
/// applied.) Exponential histograms are in `HistogramQuantile+Exponential.swift`.
public enum HistogramQuantile {
    /// One classic bucket: the inclusive upper bound (`le`) and the cumulative count of
    /// observations ≤ that bound, as a Prometheus `_bucket` sample holds it.
    public struct Bucket: Hashable, Sendable {
        public var upperBound: Double
        public var count: Double

        public init(upperBound: Double, count: Double) {
            self.upperBound = upperBound
            self.count = count
        }
    }

    /// The φ-quantile of cumulative `le` buckets, exactly as Prometheus's `bucketQuantile`
    /// (promql/quantile.go, v2.42). Buckets may come in any order. Special cases, in the order
    /// Prometheus checks them:
    /// - q is NaN → NaN; q < 0 → −Inf; q > 1 → +Inf;
    /// - the highest bound is not +Inf → NaN;
    /// - equal bounds are merged by adding their counts (`coalesceBuckets`, for `le="0.2"` and
    ///   `le="2e-1"` in one histogram), then decreasing counts are raised to the running maximum
    ///   (`ensureMonotonic`, the envelope of the buckets);
    /// - fewer than 2 buckets, or 0 observations in the +Inf bucket → NaN;
    /// - the rank q·n falls in the +Inf bucket → the upper bound of the second-highest bucket;
    /// - it falls in the lowest bucket and that bucket's bound is ≤ 0 → that bound; otherwise
    ///   the lowest bucket interpolates from 0.
    public static func bucketQuantile(_ q: Double, _ buckets: [Bucket]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        // Prometheus indexes buckets[len-1] here, so it is never called without buckets.
        guard !buckets.isEmpty else { return .nan }
        // Go's sort is not stable, but coalescing adds equal bounds' counts, so order among
        // equal bounds does not matter.
        var b = buckets.sorted { $0.upperBound < $1.upperBound }
        guard b[b.count - 1].upperBound == .infinity else { return .nan }
        b = coalesce(b)
        ensureMonotonic(&b)
        guard b.count >= 2 else { return .nan }
        let observations = b[b.count - 1].count
        guard observations != 0 else { return .nan }
        var rank = q * observations
        // sort.Search over all buckets but the +Inf one: the first with count ≥ rank.
        var lo = 0, hi = b.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if b[mid].count >= rank { hi = mid } else { lo = mid + 1 }
        }
        let i = lo
        if i == b.count - 1 { return b[b.count - 2].upperBound }
        if i == 0 && b[0].upperBound <= 0 { return b[0].upperBound }
        var bucketStart = 0.0
        let bucketEnd = b[i].upperBound
        var count = b[i].count
        if i > 0 {
            bucketStart = b[i - 1].upperBound
            count -= b[i - 1].count
            rank -= b[i - 1].count
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count)
    }

    /// Merges buckets with the same upper bound by adding their counts (`coalesceBuckets`);
    /// the input is sorted by bound.
    static func coalesce(_ sorted: [Bucket]) -> [Bucket] {
        var out: [Bucket] = []
        out.reserveCapacity(sorted.count)
        for bucket in sorted {
            if let last = out.last, last.upperBound == bucket.upperBound {
                out[out.count - 1].count += bucket.count
            } else {
                out.append(bucket)
            }
        }
        return out
    }

    /// Raises every count to the maximum of the counts below it (`ensureMonotonic`), so that a
    /// bucket scraped from fewer samples cannot send the binary search to a far bucket.
    /// Returns whether any count was changed.
    @discardableResult
    static func ensureMonotonic(_ buckets: inout [Bucket]) -> Bool {
        guard var maximum = buckets.first?.count else { return false }
        var forced = false
        for i in buckets.indices.dropFirst() {
            if buckets[i].count > maximum {
                maximum = buckets[i].count
            } else if buckets[i].count < maximum {
                buckets[i].count = maximum
                forced = true
            }
        }
        return forced
    }

    /// Cumulative `le` buckets from OTLP explicit-bucket counts, as the collector's
    /// OTLP → Prometheus translation writes them (`addHistogramDataPoints` in
    /// pkg/translator/prometheusremotewrite): bucket i of `bounds.count` explicit bounds gets the
    /// sum of the per-bucket counts up to i; the +Inf bucket, last, gets the point's `count`.
    /// Per-bucket counts beyond the bounds (the (last bound, +Inf] one) only reach +Inf.
    public static func cumulativeBuckets(explicitBounds bounds: [Double], bucketCounts: [Double], count: Double) -> [Bucket] {
        var out: [Bucket] = []
        out.reserveCapacity(bounds.count + 1)
        var running = 0.0
        for (i, bound) in bounds.enumerated() {
            if i < bucketCounts.count { running += bucketCounts[i] }
            out.append(Bucket(upperBound: bound, count: running))
        }
        out.append(Bucket(upperBound: .infinity, count: count))
        return out
    }

    /// The φ-quantile of one OTLP explicit-bucket histogram point, as Prometheus would compute
    /// it from the translated `_bucket` series: `histogram_quantile(q, X_bucket)`.
    public static func quantile(_ q: Double, of point: HistogramPoint) -> Double {
        bucketQuantile(
            q,
            cumulativeBuckets(
                explicitBounds: point.explicitBounds,
                bucketCounts: point.bucketCounts.map { Double($0) },
                count: Double(point.count)))
    }
}
