import TelemetryAnalysis
import TelemetryModel

/// Panels of `source: spans`: latency percentiles, error rate and request rate per service,
/// from span metrics where a service has them and from its spans otherwise (DESIGN §4). The
/// texts and numbers are those of the built-in dashboards, so the default dashboard file
/// reproduces them exactly.
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
                metricMethod: DashboardBuilder.errorRateMetricMethod, spanMethod: DashboardBuilder.errorRateSpanMethod)
        default:
            return callsPanel(
                id: id, title: title, unit: unit, names: services,
                fromMetrics: { metrics.requestRate(service: $0) }, fromSpans: cache.spanRequestRate(services),
                metricMethod: DashboardBuilder.requestRateMetricMethod, spanMethod: DashboardBuilder.requestRateSpanMethod)
        }
    }

    /// One service's percentiles: as the built-in latency panels compute them.
    func latencyPanel(id: String, title: String, unit: String, service: String, percentiles: [Percentile]) -> Panel {
        DashboardBuilder.latencyPanel(
            id: id, title: title, unit: unit, service: service, percentiles: percentiles,
            spans: cache.spanLatency(service, percentiles: percentiles), metrics: metrics, grid: grid)
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

    /// As the built-in error-rate and request-rate panels compute them.
    func callsPanel(
        id: String, title: String, unit: String, names: [String],
        fromMetrics: (String) -> TimeSeries?, fromSpans: [TimeSeries],
        metricMethod: (String, Int64) -> String, spanMethod: String
    ) -> Panel {
        DashboardBuilder.callsPanel(
            id: id, title: title, unit: unit, names: names, metrics: metrics, grid: grid,
            fromMetrics: fromMetrics, fromSpans: fromSpans, metricMethod: metricMethod, spanMethod: spanMethod)
    }

    func spanLatencyMethod(_ percentiles: [Percentile], _ whose: String) -> String {
        DashboardBuilder.spanLatencyMethod(percentiles, whose)
    }

    static func phis(_ percentiles: [Percentile]) -> String { DashboardBuilder.phis(percentiles) }
}
