import TelemetryModel
import Vocabulary

/// The three dashboards of DESIGN §5: the focus service's resources, latency per service, and
/// errors with request rate.
public enum DashboardBuilder {
    static func build(_ snapshot: Snapshot, services: [ServiceStatistics], focus: String?, grid: TimeGrid) -> [Dashboard] {
        let names = orderedServices(services, focus: focus)
        var resources: [Panel] = []
        if let focus {
            let cpu = ResourceUsage.cpuPanel(snapshot, service: focus, grid: grid)
            var memory = ResourceUsage.memoryPanel(snapshot, service: focus, grid: grid)
            // Gauges carry no start time: a restart shows in the cumulative CPU counter, and
            // belongs on the memory chart too, where the drop it explains is seen.
            if !cpu.markers.isEmpty { memory.markers = cpu.markers }
            resources = [cpu, memory]
            // Only when the service's container reports it (an optional panel in the file form).
            var container = ResourceUsage.containerCPUPanel(snapshot, service: focus, grid: grid)
            if container.hasData {
                if !cpu.markers.isEmpty { container.markers = cpu.markers }
                resources.append(container)
            }
        }
        let spanMetrics = SpanMetrics(snapshot, grid: grid)
        // Grouped once: filtering the whole list per service was quadratic (5,000 services
        // took seconds here alone).
        let latencySeries = Dictionary(grouping: SpanTimeSeries.latency(snapshot, grid: grid, services: names)) {
            $0.labels["service"] ?? ""
        }
        let latencyPanels = names.map { service in
            latencyPanel(
                id: "latency-" + PanelID.slug(service), title: "\(service) latency", unit: "ms", service: service,
                percentiles: Percentile.allCases, spans: latencySeries[service] ?? [],
                metrics: spanMetrics, grid: grid)
        }
        let errorPanel = callsPanel(
            id: "error-rate", title: "Error rate by service", unit: "percent", names: names,
            metrics: spanMetrics, grid: grid,
            fromMetrics: { spanMetrics.errorRate(service: $0) },
            fromSpans: SpanTimeSeries.errorRate(snapshot, grid: grid, services: names),
            metricMethod: errorRateMetricMethod, spanMethod: errorRateSpanMethod)
        let ratePanel = callsPanel(
            id: "request-rate", title: "Request rate by service", unit: "perSecond", names: names,
            metrics: spanMetrics, grid: grid,
            fromMetrics: { spanMetrics.requestRate(service: $0) },
            fromSpans: SpanTimeSeries.requestRate(snapshot, grid: grid, services: names),
            metricMethod: requestRateMetricMethod, spanMethod: requestRateSpanMethod)
        var dashboards = [
            Dashboard(
                id: "resources", title: focus.map { "\($0): CPU and memory" } ?? "CPU and memory",
                summary: "CPU% and memory of the focus service from its runtime metrics.", panels: resources),
            Dashboard(
                id: "latency", title: "Service latency",
                summary: "p50, p95, p99 and p99.9 of span durations per service over time.", panels: latencyPanels),
            Dashboard(
                id: "errors", title: "Errors and traffic",
                summary: "Error rate and request rate per service over time.", panels: [errorPanel, ratePanel]),
        ]
        // Two services can slug alike ("st-login", "st_login"): panel ids must stay unique.
        var used = Set<String>()
        for d in dashboards.indices {
            for p in dashboards[d].panels.indices {
                dashboards[d].panels[p].id = PanelID.unique(dashboards[d].panels[p].id, &used)
            }
        }
        return dashboards
    }

    /// A service's latency panel: from its span-metrics histogram when it has one (with how far
    /// the span-derived p99 is from it), else from its spans (DESIGN §4). Shared with the
    /// dashboard-file evaluator, so built-in and configured panels say and show the same.
    public static func latencyPanel(
        id: String, title: String, unit: String, service: String, percentiles: [Percentile],
        spans: [TimeSeries], metrics: any SpanMetricsSource, grid: TimeGrid
    ) -> Panel {
        guard let name = metrics.durationMetric(service), let series = metrics.latency(service: service, percentiles: percentiles) else {
            return Panel(
                id: id, title: title, unit: unit, source: "spans", method: spanLatencyMethod(percentiles, "the service's"),
                stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds, series: spans)
        }
        let w = metrics.windowSeconds
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
            stepSeconds: grid.stepSeconds, windowSeconds: w, series: series)
    }

    /// "nearest-rank p50/p95/… of the durations of <whose> spans ending in each step".
    public static func spanLatencyMethod(_ percentiles: [Percentile], _ whose: String) -> String {
        "nearest-rank " + percentiles.map(\.label).joined(separator: "/") + " of the durations of \(whose) spans ending in each step"
    }

    /// `0.5, 0.95, 0.99, 0.999`.
    public static func phis(_ percentiles: [Percentile]) -> String {
        percentiles.map { NumberFormat.shortest(Double($0.rawValue) / 10000) }.joined(separator: ", ")
    }

    /// The method texts of the error-rate and request-rate panels, shared with the evaluator.
    public static let errorRateMetricMethod: @Sendable (String, Int64) -> String = {
        "sum(rate(\($0){status.code=\"STATUS_CODE_ERROR\"}[\($1)s])) ÷ sum(rate(\($0)[\($1)s])) × 100 per service (0 where a service has calls but no error series)"
    }
    public static let errorRateSpanMethod = "error spans ÷ spans ending in each step × 100; empty where a step had no spans"
    public static let requestRateMetricMethod: @Sendable (String, Int64) -> String = { "sum(rate(\($0)[\($1)s])) per service" }
    public static let requestRateSpanMethod = "spans ending in each step ÷ step seconds"

    /// An all-services panel from the span-metrics calls counter for the services that have
    /// one, and from spans for the others; the method text says which.
    public static func callsPanel(
        id: String, title: String, unit: String, names: [String], metrics: any SpanMetricsSource, grid: TimeGrid,
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

    /// The focus service first, then the others by name.
    static func orderedServices(_ services: [ServiceStatistics], focus: String?) -> [String] {
        let names = services.map(\.name)
        guard let focus, names.contains(focus) else { return names }
        return [focus] + names.filter { $0 != focus }
    }
}

/// Stable, id-safe slugs for page element ids.
public enum PanelID {
    /// The id, or the id with `-2`, `-3`… when an earlier panel has it (ids must be unique on a
    /// page, and the single-file report holds every dashboard on one page).
    public static func unique(_ id: String, _ used: inout Set<String>) -> String {
        var candidate = id, n = 2
        while used.contains(candidate) {
            candidate = "\(id)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Lowercase letters, digits and hyphens only; other runs of characters become one hyphen.
    /// At most 64 characters, so a 1 MB service name does not make a 1 MB id (`unique` keeps
    /// ids that agree in their first 64 characters apart).
    public static func slug(_ s: String) -> String {
        var out = ""
        var lastHyphen = false
        for c in s.lowercased().unicodeScalars {
            if out.utf8.count >= 64 { break }
            if ("a"..."z").contains(c) || ("0"..."9").contains(c) {
                out.unicodeScalars.append(c)
                lastHyphen = false
            } else if !lastHyphen && !out.isEmpty {
                out += "-"
                lastHyphen = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}
