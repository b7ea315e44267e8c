import DashboardConfig
import TelemetryModel

/// What several panels of one evaluation share, computed at most once: the span-metrics index
/// and the span-derived series of every service (one pass over the spans each, however many
/// `forEach: service` panels read them — a snapshot may hold millions of spans).
final class EvaluationCache {
    let snapshot: Snapshot
    let grid: TimeGrid
    /// Every service with spans, the focus service first.
    let services: [String]

    init(snapshot: Snapshot, grid: TimeGrid, services: [String]) {
        self.snapshot = snapshot
        self.grid = grid
        self.services = services
    }

    /// Span metrics from a Prometheus server instead of the snapshot (`render --prometheus`).
    var prometheus: PrometheusBackend?
    lazy var spanMetrics: any SpanMetricsSource =
        prometheus.map { PrometheusSpanMetrics(backend: $0, grid: grid) as any SpanMetricsSource }
        ?? SpanMetrics(snapshot, grid: grid)
    /// By percentiles, then by service (grouped once, so `forEach: service` panels over
    /// thousands of services stay linear).
    private var latency: [[Percentile]: [String: [TimeSeries]]] = [:]
    private lazy var serviceSet = Set(services)
    private var errorRates: [TimeSeries]?
    private var requestRates: [TimeSeries]?
    /// The spans and error spans per step that both rates are made from: one pass over the
    /// spans for the two (each pass was 0.8% of a 500k-span render).
    private lazy var spanCounts = SpanTimeSeries.counts(snapshot, grid: grid)

    /// Nearest-rank percentile series of the spans of `service`.
    func spanLatency(_ service: String, percentiles: [Percentile]) -> [TimeSeries] {
        if latency[percentiles] == nil {
            latency[percentiles] = Dictionary(
                grouping: SpanTimeSeries.latency(snapshot, grid: grid, services: services, percentiles: percentiles)
            ) {
                $0.labels["service"] ?? ""
            }
        }
        if serviceSet.contains(service) { return latency[percentiles]![service] ?? [] }
        return SpanTimeSeries.latency(snapshot, grid: grid, services: [service], percentiles: percentiles)
    }

    /// The span-derived error-rate series of each service, in the order given.
    func spanErrorRate(_ names: [String]) -> [TimeSeries] {
        if errorRates == nil { errorRates = SpanTimeSeries.errorRate(spanCounts, grid: grid, services: services) }
        return pick(errorRates!, names) { SpanTimeSeries.errorRate(spanCounts, grid: grid, services: $0) }
    }

    /// The span-derived request-rate series of each service, in the order given.
    func spanRequestRate(_ names: [String]) -> [TimeSeries] {
        if requestRates == nil { requestRates = SpanTimeSeries.requestRate(spanCounts, grid: grid, services: services) }
        return pick(requestRates!, names) { SpanTimeSeries.requestRate(spanCounts, grid: grid, services: $0) }
    }

    private func pick(_ all: [TimeSeries], _ names: [String], compute: ([String]) -> [TimeSeries]) -> [TimeSeries] {
        let byName = Dictionary(all.map { ($0.labels["service"] ?? $0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return names.map { byName[$0] ?? compute([$0])[0] }
    }
}
