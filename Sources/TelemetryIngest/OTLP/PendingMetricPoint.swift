import TelemetryModel

/// A data point an OTLP decoder (JSON or protobuf) has read before its metric's name and
/// resource are known, and before its kind is complete: a `Sum`'s or `Histogram`'s
/// temporality and monotonicity may come after its points.
struct PendingMetricPoint {
    var kind: MetricKind
    var attributes: [Attribute]
    var points: MetricPoints

    /// `base`, the kind a `Gauge`, `Sum`, `Histogram`, `ExponentialHistogram` or `Summary`
    /// message stands for, with the temporality and monotonicity read from that message (the
    /// kinds that have none stay as they are).
    static func kind(_ base: MetricKind, monotonic: Bool, temporality: AggregationTemporality) -> MetricKind {
        switch base {
        case .sum: .sum(monotonic: monotonic, temporality: temporality)
        case .histogram: .histogram(temporality: temporality)
        case .exponentialHistogram: .exponentialHistogram(temporality: temporality)
        case .gauge, .summary: base
        }
    }

    /// The point as a one-point series of the metric it was read in.
    func series(name: String, unit: String, description: String) -> MetricSeries {
        MetricSeries(name: name, unit: unit, description: description, kind: kind, attributes: attributes, points: points)
    }
}
