import DashboardConfig
import TelemetryModel
import Vocabulary

/// Panels of `source: spans`: latency percentiles, error rate and request rate per service,
/// from span metrics where a service has them and from its spans otherwise (DESIGN §4). The
/// built-in dashboards are such panels of `dashboards/default.yaml`.
struct SpanPanelEvaluator {
    let cache: EvaluationCache
    var grid: TimeGrid { cache.grid }
    var metrics: any SpanMetricsSource { cache.spanMetrics }

    func panel(id: String, title: String, unit: String, services: [String], transform: PanelTransform) -> Panel {
        switch transform {
        case .latencyPercentiles(let ps):
            return services.count == 1
                ? latencyPanel(id: id, title: title, unit: unit, service: services[0], percentiles: ps)
                : latencyPanel(id: id, title: title, unit: unit, services: services, percentiles: ps)
        case .errorRate:
            return callsPanel(
                id: id, title: title, unit: unit, names: services,
                fromMetrics: { metrics.errorRate(service: $0) }, fromSpans: cache.spanErrorRate(services),
                metricMethod: Self.errorRateMetricMethod, spanMethod: Self.errorRateSpanMethod)
        default:
            return callsPanel(
                id: id, title: title, unit: unit, names: services,
                fromMetrics: { metrics.requestRate(service: $0) }, fromSpans: cache.spanRequestRate(services),
                metricMethod: Self.requestRateMetricMethod, spanMethod: Self.requestRateSpanMethod)
        }
    }

    /// A service's latency panel: from its span-metrics histogram when it has one (with how far
    /// the span-derived p99 is from it), else from its spans (DESIGN §4).
    func latencyPanel(id: String, title: String, unit: String, service: String, percentiles: [Percentile]) -> Panel {
        let spans = cache.spanLatency(service, percentiles: percentiles)
        guard let name = metrics.durationMetric(service), let series = metrics.latency(service: service, percentiles: percentiles) else {
            return Panel(
                id: id, title: title, unit: unit, source: "spans", method: spanLatencyMethod(percentiles, "the service's"),
                stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds, series: spans)
        }
        let described = metrics.latencyDescription(service: service, name: name, percentiles: percentiles)
        var method = described.method
        let p99 = { (s: [TimeSeries]) in s.first { $0.labels["quantile"] == Percentile.p99.key } }
        if let m = p99(series), let s = p99(spans), !s.isEmpty {
            if let d = SpanMetrics.relativeDifference(m, s), d.max > 0 {
                method +=
                    "; the nearest-rank p99 of the spans ending in each step differs from its p99 by "
                    + NumberFormat.fixed(d.median * 100, decimals: 0) + "% at the median step and at most "
                    + NumberFormat.fixed(d.max * 100, decimals: 0) + "% (at " + UTCTime.rfc3339(seconds: d.time) + ")"
            } else {
                method += "; the nearest-rank p99 of the spans ending in each step agrees with its p99"
            }
        }
        return Panel(
            id: id, title: title, unit: unit, source: described.source, method: method,
            stepSeconds: grid.stepSeconds, windowSeconds: metrics.windowSeconds, series: series)
    }

    /// Several services on one chart, each from its histogram or its spans.
    func latencyPanel(id: String, title: String, unit: String, services: [String], percentiles: [Percentile]) -> Panel {
        var series: [TimeSeries] = []
        var metricNames: [String] = [], spanServices: [String] = []
        for service in services {
            if let name = metrics.durationMetric(service), let s = metrics.latency(service: service, percentiles: percentiles) {
                series += s
                if !metricNames.contains(name) { metricNames.append(name) }
            } else {
                series += cache.spanLatency(service, percentiles: percentiles)
                spanServices.append(service)
            }
        }
        let spanMethod = spanLatencyMethod(percentiles, "each service's")
        guard !metricNames.isEmpty else {
            return Panel(
                id: id, title: title, unit: unit, source: "spans", method: spanMethod,
                stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds, series: series)
        }
        let w = metrics.windowSeconds
        var method = metricNames.map {
            "histogram_quantile(φ, sum by (le) (rate(\($0)_bucket{service.name=\"…\"}[\(w)s]))) per service for φ = \(Self.phis(percentiles)), in ms"
        }.joined(separator: "; ")
        if !spanServices.isEmpty { method += "; from spans for " + spanServices.joined(separator: ", ") + ": " + spanMethod }
        return Panel(
            id: id, title: title, unit: unit, source: metricNames.joined(separator: ", "), method: method,
            stepSeconds: grid.stepSeconds, windowSeconds: w, series: series)
    }

    /// The method texts of the error-rate and request-rate panels.
    static let errorRateMetricMethod: @Sendable (String, Int64) -> String = {
        "sum(rate(\($0){status.code=\"STATUS_CODE_ERROR\"}[\($1)s])) ÷ sum(rate(\($0)[\($1)s])) × 100 per service (0 where a service has calls but no error series)"
    }
    static let errorRateSpanMethod = "error spans ÷ spans ending in each step × 100; empty where a step had no spans"
    static let requestRateMetricMethod: @Sendable (String, Int64) -> String = { "sum(rate(\($0)[\($1)s])) per service" }
    static let requestRateSpanMethod = "spans ending in each step ÷ step seconds"

    /// An all-services panel from the span-metrics calls counter for the services that have
    /// one, and from spans for the others; the method text says which.
    func callsPanel(
        id: String, title: String, unit: String, names: [String],
        fromMetrics: (String) -> TimeSeries?, fromSpans: [TimeSeries],
        metricMethod: (String, Int64) -> String, spanMethod: String
    ) -> Panel {
        var series: [TimeSeries] = []
        var metricNames: [String] = [], spanServices: [String] = []
        for (service, spanSeries) in zip(names, fromSpans) {
            if let s = fromMetrics(service), let name = metrics.callsMetric(service) {
                series.append(s)
                if !metricNames.contains(name) { metricNames.append(name) }
            } else {
                series.append(spanSeries)
                spanServices.append(service)
            }
        }
        guard !metricNames.isEmpty else {
            return Panel(
                id: id, title: title, unit: unit, source: "spans", method: spanMethod,
                stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds, series: series)
        }
        let described = metrics.callsDescription(names: metricNames, metricMethod: metricMethod)
        var method = described.method
        if !spanServices.isEmpty { method += "; from spans for " + spanServices.joined(separator: ", ") + ": " + spanMethod }
        return Panel(
            id: id, title: title, unit: unit, source: described.source, method: method,
            stepSeconds: grid.stepSeconds, windowSeconds: metrics.windowSeconds, series: series)
    }

    /// "nearest-rank p50/p95/… of the durations of <whose> spans ending in each step".
    func spanLatencyMethod(_ percentiles: [Percentile], _ whose: String) -> String {
        "nearest-rank " + percentiles.map(\.label).joined(separator: "/") + " of the durations of \(whose) spans ending in each step"
    }

    /// `0.5, 0.95, 0.99, 0.999`.
    static func phis(_ percentiles: [Percentile]) -> String {
        percentiles.map { NumberFormat.shortest(Double($0.rawValue) / 10000) }.joined(separator: ", ")
    }
}
