/// How a sum or histogram accumulates (OTLP `AggregationTemporality`).
public enum AggregationTemporality: UInt8, Sendable {
    case unspecified = 0, delta = 1, cumulative = 2
}

/// The instrument kind of a metric series, with what its semantics need.
public enum MetricKind: Hashable, Sendable {
    case gauge
    case sum(monotonic: Bool, temporality: AggregationTemporality)
    case histogram(temporality: AggregationTemporality)
    case exponentialHistogram(temporality: AggregationTemporality)
    case summary

    public var name: String {
        switch self {
        case .gauge: return "gauge"
        case .sum: return "sum"
        case .histogram: return "histogram"
        case .exponentialHistogram: return "exponentialHistogram"
        case .summary: return "summary"
        }
    }
}

/// A gauge or sum sample. `startTimeUnixNano` is 0 when unknown; a change of it in a
/// cumulative series marks a reset.
public struct NumberPoint: Hashable, Sendable {
    public var startTimeUnixNano: Int64
    public var timeUnixNano: Int64
    public var value: Double

    public init(startTimeUnixNano: Int64 = 0, timeUnixNano: Int64, value: Double) {
        self.startTimeUnixNano = startTimeUnixNano
        self.timeUnixNano = timeUnixNano
        self.value = value
    }
}

/// An explicit-bucket histogram sample: `bucketCounts.count == explicitBounds.count + 1`
/// (the last bucket is (last bound, +Inf]); bounds are upper-inclusive as in OTLP.
public struct HistogramPoint: Hashable, Sendable {
    public var startTimeUnixNano: Int64
    public var timeUnixNano: Int64
    public var count: UInt64
    public var sum: Double?
    public var explicitBounds: [Double]
    public var bucketCounts: [UInt64]
    public var min: Double?
    public var max: Double?

    public init(
        startTimeUnixNano: Int64 = 0, timeUnixNano: Int64, count: UInt64, sum: Double? = nil,
        explicitBounds: [Double], bucketCounts: [UInt64], min: Double? = nil, max: Double? = nil
    ) {
        self.startTimeUnixNano = startTimeUnixNano
        self.timeUnixNano = timeUnixNano
        self.count = count
        self.sum = sum
        self.explicitBounds = explicitBounds
        self.bucketCounts = bucketCounts
        self.min = min
        self.max = max
    }
}

/// An exponential histogram sample (OTLP `ExponentialHistogramDataPoint`): bucket index i
/// covers (base^i, base^(i+1)] with base = 2^(2^-scale).
public struct ExponentialHistogramPoint: Hashable, Sendable {
    public var startTimeUnixNano: Int64
    public var timeUnixNano: Int64
    public var count: UInt64
    public var sum: Double?
    public var scale: Int32
    public var zeroCount: UInt64
    public var zeroThreshold: Double
    public var positiveOffset: Int32
    public var positiveBucketCounts: [UInt64]
    public var negativeOffset: Int32
    public var negativeBucketCounts: [UInt64]
    public var min: Double?
    public var max: Double?

    public init(
        startTimeUnixNano: Int64 = 0, timeUnixNano: Int64, count: UInt64, sum: Double? = nil,
        scale: Int32, zeroCount: UInt64 = 0, zeroThreshold: Double = 0,
        positiveOffset: Int32 = 0, positiveBucketCounts: [UInt64] = [],
        negativeOffset: Int32 = 0, negativeBucketCounts: [UInt64] = [],
        min: Double? = nil, max: Double? = nil
    ) {
        self.startTimeUnixNano = startTimeUnixNano
        self.timeUnixNano = timeUnixNano
        self.count = count
        self.sum = sum
        self.scale = scale
        self.zeroCount = zeroCount
        self.zeroThreshold = zeroThreshold
        self.positiveOffset = positiveOffset
        self.positiveBucketCounts = positiveBucketCounts
        self.negativeOffset = negativeOffset
        self.negativeBucketCounts = negativeBucketCounts
        self.min = min
        self.max = max
    }
}

/// A summary sample: count, sum and precomputed quantiles.
public struct SummaryPoint: Hashable, Sendable {
    public struct Quantile: Hashable, Sendable {
        public var quantile: Double
        public var value: Double
        public init(quantile: Double, value: Double) {
            self.quantile = quantile
            self.value = value
        }
    }

    public var startTimeUnixNano: Int64
    public var timeUnixNano: Int64
    public var count: UInt64
    public var sum: Double
    public var quantiles: [Quantile]

    public init(startTimeUnixNano: Int64 = 0, timeUnixNano: Int64, count: UInt64, sum: Double, quantiles: [Quantile] = []) {
        self.startTimeUnixNano = startTimeUnixNano
        self.timeUnixNano = timeUnixNano
        self.count = count
        self.sum = sum
        self.quantiles = quantiles
    }
}

/// The samples of one series, of the kind its metric has.
public enum MetricPoints: Hashable, Sendable {
    case number([NumberPoint])
    case histogram([HistogramPoint])
    case exponentialHistogram([ExponentialHistogramPoint])
    case summary([SummaryPoint])

    public var count: Int {
        switch self {
        case .number(let p): return p.count
        case .histogram(let p): return p.count
        case .exponentialHistogram(let p): return p.count
        case .summary(let p): return p.count
        }
    }
}

/// One time series: a metric name with one resource and one set of point attributes.
/// Points are sorted by time once the snapshot is finished.
public struct MetricSeries: Sendable {
    public var name: String
    public var unit: String
    public var description: String
    public var kind: MetricKind
    public var resourceIndex: Int32
    /// Point attributes, sorted by key, so that equal label sets compare equal.
    public var attributes: [Attribute]
    public var points: MetricPoints

    public init(
        name: String, unit: String = "", description: String = "", kind: MetricKind,
        resourceIndex: Int32 = 0, attributes: [Attribute] = [], points: MetricPoints
    ) {
        self.name = name
        self.unit = unit
        self.description = description
        self.kind = kind
        self.resourceIndex = resourceIndex
        self.attributes = attributes
        self.points = points
    }
}
