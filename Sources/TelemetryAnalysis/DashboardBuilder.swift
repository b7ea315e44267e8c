import TelemetryModel

/// The three dashboards of DESIGN §5: the focus service's resources, latency per service, and
/// errors with request rate.
enum DashboardBuilder {
    static func build(_ snapshot: Snapshot, services: [ServiceStatistics], focus: String?, grid: TimeGrid) -> [Dashboard] {
        let names = orderedServices(services, focus: focus)
        var resources: [Panel] = []
        if let focus {
            resources = [ResourceUsage.cpuPanel(snapshot, service: focus, grid: grid),
                         ResourceUsage.memoryPanel(snapshot, service: focus, grid: grid)]
        }
        let latencySeries = SpanTimeSeries.latency(snapshot, grid: grid, services: names)
        let latencyPanels = names.map { service in
            Panel(id: "latency-" + PanelID.slug(service), title: "\(service) latency", unit: "ms", source: "spans",
                  method: "nearest-rank p50/p95/p99/p99.9 of the durations of the service's spans ending in each step",
                  stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds,
                  series: latencySeries.filter { $0.labels["service"] == service })
        }
        let errorPanel = Panel(id: "error-rate", title: "Error rate by service", unit: "percent", source: "spans",
                               method: "error spans ÷ spans ending in each step × 100; empty where a step had no spans",
                               stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds,
                               series: SpanTimeSeries.errorRate(snapshot, grid: grid, services: names))
        let ratePanel = Panel(id: "request-rate", title: "Request rate by service", unit: "perSecond", source: "spans",
                              method: "spans ending in each step ÷ step seconds",
                              stepSeconds: grid.stepSeconds, windowSeconds: grid.stepSeconds,
                              series: SpanTimeSeries.requestRate(snapshot, grid: grid, services: names))
        return [
            Dashboard(id: "resources", title: focus.map { "\($0): CPU and memory" } ?? "CPU and memory",
                      summary: "CPU% and memory of the focus service from its runtime metrics.", panels: resources),
            Dashboard(id: "latency", title: "Service latency",
                      summary: "p50, p95, p99 and p99.9 of span durations per service over time.", panels: latencyPanels),
            Dashboard(id: "errors", title: "Errors and traffic",
                      summary: "Error rate and request rate per service over time.", panels: [errorPanel, ratePanel]),
        ]
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
    /// Lowercase letters, digits and hyphens only; other runs of characters become one hyphen.
    public static func slug(_ s: String) -> String {
        var out = ""
        var lastHyphen = false
        for c in s.lowercased().unicodeScalars {
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
