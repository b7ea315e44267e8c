import DashboardConfig
import TelemetryModel

/// Span-metrics panels computed by Prometheus, as the OpenTelemetry demo's Grafana queries them
/// and as `SpanMetrics` computes them from files (same names, same preference order, same
/// window rule):
/// - latency p = `histogram_quantile(p, sum by (le) (rate(D_bucket{S}[w])))` (× 1000 for a
///   `_seconds` histogram, so in ms);
/// - error rate = `(sum(rate(C{S, status_code=~"STATUS_CODE_ERROR|ERROR"}[w])) or 0 * sum(rate(C{S}[w])))
///   / (sum(rate(C{S}[w])) > 0) * 100` — 0 where a service has calls but no error series, empty
///   where it has none, as on files;
/// - request rate = `sum(rate(C{S}[w]))`.
///
/// S selects the service: `service_name="…"` (the connector's dimension) when its series carry
/// it, else `job="…"`. The window is `$__rate_interval` from the median gap between raw samples
/// of the calls counters and the histograms' `_count` series.
final class PrometheusSpanMetrics: SpanMetricsSource {
    struct Entry {
        var durationName: String?
        var callsName: String?
        var byServiceName = false
    }

    let backend: PrometheusBackend
    let grid: TimeGrid
    let windowSeconds: Int64
    let byService: [String: Entry]

    init(backend: PrometheusBackend, grid: TimeGrid) {
        self.backend = backend
        self.grid = grid
        let durations = SpanMetrics.durationNames.filter(PromQLText.isMetricName)
        let calls = SpanMetrics.callsNames.filter(PromQLText.isMetricName)
        let found = backend.series(durations.map { $0 + "_bucket" } + calls, grid: grid) ?? []
        var entries: [String: Entry] = [:]
        func rank(_ name: String, _ list: [String]) -> Int { list.firstIndex(of: name) ?? list.count }
        for labels in found {
            guard let metric = labels["__name__"] else { continue }
            let hasSpanDimensions = labels["span_name"] != nil || labels["operation"] != nil
            let viaServiceName = !(labels["service_name"] ?? "").isEmpty
            let service = viaServiceName ? labels["service_name"]! : labels["job"] ?? "unknown_service"
            var entry = entries[service] ?? Entry()
            if viaServiceName { entry.byServiceName = true }
            if metric.hasSuffix("_bucket"), case let base = String(metric.dropLast(7)),
                let r = SpanMetrics.durationNames.firstIndex(of: base),
                r < 3 || hasSpanDimensions
            {
                if entry.durationName == nil || r < rank(entry.durationName!, SpanMetrics.durationNames) { entry.durationName = base }
            } else if let r = SpanMetrics.callsNames.firstIndex(of: metric), r < 2 || hasSpanDimensions {
                if entry.callsName == nil || r < rank(entry.callsName!, SpanMetrics.callsNames) { entry.callsName = metric }
            }
            entries[service] = entry
        }
        byService = entries
        let used = Set(entries.values.compactMap(\.callsName)).union(entries.values.compactMap { $0.durationName.map { $0 + "_count" } })
        var interval: Int64?
        if !used.isEmpty {
            let selector = "{__name__=~" + PromQLText.quoted(used.sorted().joined(separator: "|")) + "}"
            interval = backend.rawSamples(selector, grid: grid).flatMap(PrometheusBackend.typicalIntervalMillis)
        }
        windowSeconds = RateInterval.windowSeconds(step: grid.stepSeconds, intervalMillis: interval)
    }

    /// Services with span metrics in Prometheus, sorted (the panels' services when there are no spans).
    var services: [String] { byService.keys.sorted() }

    func durationMetric(_ service: String) -> String? { byService[service]?.durationName }
    func callsMetric(_ service: String) -> String? { byService[service]?.callsName }

    func serviceMatcher(_ service: String) -> String {
        byService[service]?.byServiceName == true
            ? "service_name=" + PromQLText.quoted(service)
            : "job=" + PromQLText.quoted(service) + ", service_name=\"\""
    }

    /// The selector shown in method texts that stand for every service.
    var anyServiceMatcher: String {
        byService.values.contains { $0.byServiceName } ? "service_name=\"…\"" : "job=\"…\""
    }

    func latencyQuery(_ name: String, service: String, phi: String) -> String {
        latencyQuery(name, matcher: serviceMatcher(service), phi: phi)
    }

    func latencyQuery(_ name: String, matcher: String, phi: String) -> String {
        "histogram_quantile(\(phi), sum by (le) (rate(\(name)_bucket{\(matcher)}[\(windowSeconds)s])))"
            + (name.hasSuffix("_seconds") ? " * 1000" : "")
    }

    func latency(service: String, percentiles: [Percentile]) -> [TimeSeries]? {
        guard let name = durationMetric(service) else { return nil }
        var out: [TimeSeries] = []
        for p in percentiles {
            let query = latencyQuery(name, service: service, phi: PromQLText.number(Double(p.rawValue) / 10000))
            guard let result = backend.queryRange(query, grid: grid) else { return nil }
            out.append(
                TimeSeries(
                    name: "\(service) \(p.label)", labels: ["service": service, "quantile": p.key],
                    points: zip(grid.times, PrometheusBackend.values(result.first, grid: grid)).map { ($0, $1) }))
        }
        return out
    }

    func errorRateQuery(_ name: String, service: String) -> String { errorRateQuery(name, matcher: serviceMatcher(service)) }

    func errorRateQuery(_ name: String, matcher s: String) -> String {
        let all = "sum(rate(\(name){\(s)}[\(windowSeconds)s]))"
        return "(sum(rate(\(name){\(s), status_code=~\"STATUS_CODE_ERROR|ERROR\"}[\(windowSeconds)s])) or 0 * \(all)) / (\(all) > 0) * 100"
    }

    func requestRateQuery(_ name: String, service: String) -> String { requestRateQuery(name, matcher: serviceMatcher(service)) }

    func requestRateQuery(_ name: String, matcher: String) -> String {
        "sum(rate(\(name){\(matcher)}[\(windowSeconds)s]))"
    }

    func errorRate(service: String) -> TimeSeries? {
        serviceSeries(service) { errorRateQuery($0, service: service) }
    }

    func requestRate(service: String) -> TimeSeries? {
        serviceSeries(service) { requestRateQuery($0, service: service) }
    }

    /// The single series a per-service query over the service's calls metric returns, on the
    /// grid and named by the service (nil when the backend has no such metric or no answer):
    /// the error-rate and request-rate panels differ only in the query.
    func serviceSeries(_ service: String, query: (_ callsMetric: String) -> String) -> TimeSeries? {
        guard let name = callsMetric(service), let result = backend.queryRange(query(name), grid: grid) else { return nil }
        return TimeSeries(
            name: service, labels: ["service": service],
            points: zip(grid.times, PrometheusBackend.values(result.first, grid: grid)).map { ($0, $1) })
    }

    func latencyDescription(service: String, name: String, percentiles: [Percentile]) -> (source: String, method: String) {
        (
            backend.source,
            "query_range step \(grid.stepSeconds)s: " + latencyQuery(name, service: service, phi: "φ")
                + " for φ = \(SpanPanelEvaluator.phis(percentiles)), in ms, computed by Prometheus"
        )
    }

    func callsDescription(names: [String], metricMethod: (String, Int64) -> String) -> (source: String, method: String) {
        // The method text of the local error-rate panel selects error calls; the request-rate one does not.
        let isError = metricMethod("C", windowSeconds).hasPrefix("sum(rate(C{status")
        let queries = names.map { name in
            isError ? errorRateQuery(name, matcher: anyServiceMatcher) : requestRateQuery(name, matcher: anyServiceMatcher)
        }
        return (backend.source, "query_range step \(grid.stepSeconds)s per service: " + queries.joined(separator: "; "))
    }
}
