import TelemetryModel

/// Where span-metrics panels (latency from the duration histogram, error and request rate from
/// the calls counter) get their series: the snapshot's own metrics (`SpanMetrics`, computed here
/// with Prometheus 2.42 semantics) or a Prometheus server that computes them
/// (`render --prometheus`). The panels built from either say the same things in the same shape;
/// only `source` and `method` tell where the numbers came from.
public protocol SpanMetricsSource {
    /// The rate window in seconds.
    var windowSeconds: Int64 { get }
    /// The duration histogram's name for a service, nil when it has none.
    func durationMetric(_ service: String) -> String?
    /// The calls counter's name for a service, nil when it has none.
    func callsMetric(_ service: String) -> String?
    /// p50/p95/p99/p99.9 series in ms, named and labelled as `SpanTimeSeries.latency`.
    func latency(service: String, percentiles: [Percentile]) -> [TimeSeries]?
    /// Error calls ÷ calls × 100 per step.
    func errorRate(service: String) -> TimeSeries?
    /// Calls per second per step.
    func requestRate(service: String) -> TimeSeries?
    /// The panel's `source` and the start of its `method` for one service's latency panel.
    func latencyDescription(service: String, name: String, percentiles: [Percentile]) -> (source: String, method: String)
    /// The panel's `source` and `method` for the services of a calls panel that read the counter
    /// (`names`: the counter names used; `metricMethod`: the local method text of one name).
    func callsDescription(names: [String], metricMethod: (String, Int64) -> String) -> (source: String, method: String)
}

extension SpanMetricsSource {
    public func latencyDescription(service: String, name: String, percentiles: [Percentile]) -> (source: String, method: String) {
        (
            name,
            "histogram_quantile(φ, sum by (le) (rate(\(name)_bucket{service.name=\"\(service)\"}[\(windowSeconds)s]))) "
                + "for φ = \(SpanPanelEvaluator.phis(percentiles)), in ms, as Prometheus 2.42 computes it"
        )
    }

    public func callsDescription(names: [String], metricMethod: (String, Int64) -> String) -> (source: String, method: String) {
        (names.joined(separator: ", "), names.map { metricMethod($0, windowSeconds) }.joined(separator: "; "))
    }
}

extension SpanMetrics: SpanMetricsSource {}
