import TelemetryModel

/// Per-second rates of the counters inside one OTLP series — a histogram's buckets, or a sum —
/// as Prometheus computes `rate(X_bucket[w])` for every `le` of the translated series (DESIGN §4).
///
/// - Cumulative temporality: every bucket key is a counter, and its rate at an evaluation time
///   is `PromQL.extrapolatedRate` over the samples in [t − w, t] (resets, extrapolation).
///   Prometheus 2.42 sees a reset only as a drop in value; OTLP also marks one by a new
///   `startTimeUnixNano`. When the start time changes between two points, a 0 sample is inserted
///   at the new start time for every key — what Prometheus's created-timestamp zero ingestion
///   (`--enable-feature=created-timestamp-zero-ingestion`) does — so a restart whose new counts
///   already exceed the old ones is still seen as a reset. The first point gets no zero sample.
/// - Delta temporality: each point holds the increase since the previous one, so the rate is
///   the sum of the points with time in (t − w, t] divided by w (half-open, so that a point is
///   not counted in two adjacent windows when w equals the step).
public struct HistogramRate<Key: Hashable & Sendable>: Sendable {
    /// One OTLP point reduced to its counter values by key (times in unix nanoseconds).
    public struct Observation: Sendable {
        public var startTimeUnixNano: Int64
        public var timeUnixNano: Int64
        public var values: [Key: Double]

        public init(startTimeUnixNano: Int64, timeUnixNano: Int64, values: [Key: Double]) {
            self.startTimeUnixNano = startTimeUnixNano
            self.timeUnixNano = timeUnixNano
            self.values = values
        }
    }

    public var isDelta: Bool
    /// Per key, the samples in time order (ms), zero samples at restarts included.
    public private(set) var samples: [Key: [PromQL.Sample]]
    /// Times (unix seconds) where the start time changed.
    public private(set) var resets: [Int64]

    /// `fillMissing`: a key absent from a point counts 0 there (exponential buckets appear when
    /// first observed); otherwise an absent key just has no sample, as a missing `le` series.
    public init(_ observations: [Observation], temporality: AggregationTemporality, fillMissing: Bool = false) {
        isDelta = temporality == .delta
        let sorted = observations.sorted { $0.timeUnixNano < $1.timeUnixNano }
        var keys: [Key] = []
        if fillMissing {
            var seen = Set<Key>()
            for o in sorted { for k in o.values.keys where seen.insert(k).inserted { keys.append(k) } }
        }
        var samples: [Key: [PromQL.Sample]] = [:]
        var resets: [Int64] = []
        var previous: Observation?
        for o in sorted {
            let millis = o.timeUnixNano / 1_000_000
            if !isDelta, let p = previous, o.startTimeUnixNano != p.startTimeUnixNano, o.startTimeUnixNano != 0 {
                resets.append(o.startTimeUnixNano / 1_000_000_000)
                let zeroAt = o.startTimeUnixNano / 1_000_000
                if zeroAt > p.timeUnixNano / 1_000_000 && zeroAt < millis {
                    for k in samples.keys { samples[k]!.append(PromQL.Sample(timeMillis: zeroAt, value: 0)) }
                }
            }
            if fillMissing {
                for k in keys { samples[k, default: []].append(PromQL.Sample(timeMillis: millis, value: o.values[k] ?? 0)) }
            } else {
                for (k, v) in o.values { samples[k, default: []].append(PromQL.Sample(timeMillis: millis, value: v)) }
            }
            previous = o
        }
        self.samples = samples
        self.resets = resets
    }

    /// Per key, the per-second rate at `evalMillis` over `rangeMillis`; a key is absent when its
    /// window has too few samples (cumulative: fewer than two; delta: none), as Prometheus
    /// returns no sample for it.
    public func rates(evalMillis: Int64, rangeMillis: Int64) -> [Key: Double] {
        var out: [Key: Double] = [:]
        for (k, s) in samples {
            if isDelta {
                let lo = PromQL.lowerBound(s, evalMillis - rangeMillis + 1)
                let hi = PromQL.lowerBound(s, evalMillis + 1)
                guard lo < hi else { continue }
                out[k] = s[lo..<hi].reduce(0) { $0 + $1.value } / (Double(rangeMillis) / 1000)
            } else if let r = PromQL.extrapolatedRate(
                PromQL.window(s, evalMillis: evalMillis, rangeMillis: rangeMillis),
                evalMillis: evalMillis, rangeMillis: rangeMillis)
            {
                out[k] = r
            }
        }
        return out
    }

    /// `sum by (key)` of several series' rates: keys present in any series, values added.
    public static func sum(_ rates: [[Key: Double]]) -> [Key: Double] {
        var out: [Key: Double] = [:]
        for r in rates { for (k, v) in r { out[k, default: 0] += v } }
        return out
    }
}

extension HistogramRate where Key == Double {
    /// The cumulative `le` counters of an explicit-bucket point, keyed by upper bound (+Inf for
    /// the point's count), as `HistogramQuantile.cumulativeBuckets` translates them.
    public static func observation(_ p: HistogramPoint) -> Observation {
        let buckets = HistogramQuantile.cumulativeBuckets(
            explicitBounds: p.explicitBounds,
            bucketCounts: p.bucketCounts.map { Double($0) }, count: Double(p.count))
        var values: [Double: Double] = [:]
        for b in buckets { values[b.upperBound, default: 0] += b.count }
        return Observation(startTimeUnixNano: p.startTimeUnixNano, timeUnixNano: p.timeUnixNano, values: values)
    }

    /// `histogram_quantile(q, …)` of summed `le` rates.
    public static func quantile(_ q: Double, _ rates: [Double: Double]) -> Double {
        HistogramQuantile.bucketQuantile(q, rates.map { HistogramQuantile.Bucket(upperBound: $0.key, count: $0.value) })
    }
}

extension HistogramRate where Key == ExponentialBucketKey {
    /// The counters of an exponential point downscaled to `scale` (bucket counts and the total).
    public static func observation(_ p: ExponentialHistogramPoint, scale: Int32) -> Observation {
        let b = HistogramQuantile.ExponentialBuckets(p).downscaled(to: scale)
        var values: [ExponentialBucketKey: Double] = [.count: b.count]
        if b.zeroCount != 0 { values[.zero] = b.zeroCount }
        for (i, c) in b.positive { values[.positive(i)] = c }
        for (i, c) in b.negative { values[.negative(i)] = c }
        return Observation(startTimeUnixNano: p.startTimeUnixNano, timeUnixNano: p.timeUnixNano, values: values)
    }

    /// The quantile of summed exponential-bucket rates at `scale`.
    public static func quantile(_ q: Double, _ rates: [ExponentialBucketKey: Double], scale: Int32, zeroThreshold: Double) -> Double {
        var b = HistogramQuantile.ExponentialBuckets(scale: scale, zeroThreshold: zeroThreshold, count: rates[.count] ?? 0)
        for (k, v) in rates {
            switch k {
            case .zero: b.zeroCount = v
            case .positive(let i): b.positive[i] = v
            case .negative(let i): b.negative[i] = v
            case .count: break
            }
        }
        return HistogramQuantile.exponentialQuantile(q, b)
    }
}
