import DashboardConfig
import TelemetryModel

/// Quantiles over time of a set of histogram series summed by bucket — explicit (`le`) buckets
/// as Prometheus's `histogram_quantile(φ, sum by (le) (rate(x_bucket[w])))`, exponential ones
/// downscaled to their coarsest common scale first — as `SpanMetrics` computes span latency.
struct HistogramSeries {
    let series: [MetricSeries]

    init(_ series: [MetricSeries]) { self.series = series }

    /// Per φ, a value per time (nil where no bucket has a rate, or the quantile is not finite),
    /// and the restart times seen in the series' start times.
    func quantiles(_ phis: [Double], times: [Int64], rangeMillis: Int64) -> (values: [[Double?]], resets: [Int64]) {
        var values = [[Double?]](repeating: [], count: phis.count)
        var resets: [Int64] = []
        if case .exponentialHistogram? = series.first?.points {
            var scale = Int32.max, zeroThreshold = 0.0
            for s in series {
                if case .exponentialHistogram(let p) = s.points {
                    for x in p {
                        scale = min(scale, x.scale)
                        zeroThreshold = max(zeroThreshold, x.zeroThreshold)
                    }
                }
            }
            let rates = series.compactMap { s -> HistogramRate<ExponentialBucketKey>? in
                guard case .exponentialHistogram(let p) = s.points else { return nil }
                return HistogramRate<ExponentialBucketKey>(
                    p.map { HistogramRate<ExponentialBucketKey>.observation($0, scale: scale) },
                    temporality: Self.temporality(s.kind), fillMissing: true)
            }
            resets = rates.flatMap(\.resets)
            for t in times {
                let sum = HistogramRate.sum(rates.map { $0.rates(evalMillis: t * 1000, rangeMillis: rangeMillis) })
                for (i, q) in phis.enumerated() {
                    values[i].append(
                        sum.isEmpty ? nil : Self.finite(HistogramRate.quantile(q, sum, scale: scale, zeroThreshold: zeroThreshold)))
                }
            }
        } else {
            let rates = series.compactMap { s -> HistogramRate<Double>? in
                guard case .histogram(let p) = s.points else { return nil }
                return HistogramRate<Double>(p.map(HistogramRate<Double>.observation), temporality: Self.temporality(s.kind))
            }
            resets = rates.flatMap(\.resets)
            for t in times {
                let sum = HistogramRate.sum(rates.map { $0.rates(evalMillis: t * 1000, rangeMillis: rangeMillis) })
                for (i, q) in phis.enumerated() {
                    values[i].append(sum.isEmpty ? nil : Self.finite(HistogramRate.quantile(q, sum)))
                }
            }
        }
        return (values, resets)
    }

    static func temporality(_ kind: MetricKind) -> AggregationTemporality {
        switch kind {
        case .sum(_, let t), .histogram(let t), .exponentialHistogram(let t): return t == .delta ? .delta : .cumulative
        default: return .cumulative
        }
    }

    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }
}
