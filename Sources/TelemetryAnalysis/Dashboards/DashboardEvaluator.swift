import DashboardConfig
import TelemetryModel

/// Turns a dashboard file into the report's dashboards for one snapshot: expands
/// `forEach: service` and `{service}`, evaluates each panel from its metric or from spans, and
/// gives every panel a page-unique id. The built-in dashboards are `DashboardSpec.builtIn`,
/// evaluated here like any file; each panel carries its definition's role (`PanelRole`).
public struct DashboardEvaluator {
    let snapshot: Snapshot
    let grid: TimeGrid
    let focus: String?
    /// Services with spans, the focus service first, then by name (as the built-in dashboards).
    let services: [String]
    /// Metric panels and span metrics from this Prometheus server instead of the snapshot.
    public var prometheus: PrometheusBackend?

    public init(snapshot: Snapshot, services: [ServiceStatistics], focus: String?, grid: TimeGrid) {
        self.init(snapshot: snapshot, serviceNames: services.map(\.name), focus: focus, grid: grid)
    }

    /// `serviceNames`: the services with spans, in any order.
    public init(snapshot: Snapshot, serviceNames names: [String], focus: String?, grid: TimeGrid) {
        self.snapshot = snapshot
        self.grid = grid
        self.focus = focus
        if let focus, names.contains(focus) {
            self.services = [focus] + names.filter { $0 != focus }
        } else {
            self.services = names
        }
    }

    public func evaluate(_ spec: DashboardSpec) -> [Dashboard] {
        let cache = EvaluationCache(snapshot: snapshot, grid: grid, services: services)
        cache.prometheus = prometheus
        var usedIDs: Set<String> = []
        return spec.dashboards.map { d in
            var panels: [Panel] = []
            var origins: [(definition: Int, service: String?)] = []
            for (index, p) in d.panels.enumerated() {
                let contexts: [String?] = p.forEach == .service ? services : [focus]
                for service in contexts {
                    if service == nil && p.usesService { continue }
                    guard var panel = evaluate(p, service: service, cache: cache) else { continue }
                    if p.optional && !panel.hasData { continue }
                    panel.role = p.role
                    panel.service = p.forEach == .service || p.usesService ? service : nil
                    panel.metricNames = p.metricNames
                    panel.id = Self.unique(panel.id, &usedIDs)
                    panels.append(panel)
                    origins.append((index, service))
                }
            }
            // A panel naming `markersFrom` shows that panel's restart markers when it has any: a
            // counter's start time dates a restart exactly, a gauge's first sample only roughly.
            for i in panels.indices {
                guard let ref = d.panels[origins[i].definition].markersFrom,
                    let source = d.panels.firstIndex(where: { $0.id == ref })
                else { continue }
                let candidates = panels.indices.filter { origins[$0].definition == source }
                if let j = candidates.first(where: { origins[$0].service == origins[i].service }) ?? candidates.first,
                    !panels[j].markers.isEmpty
                {
                    panels[i].markers = panels[j].markers
                }
            }
            let title =
                focus == nil && Placeholders.uses("service", in: d.title)
                ? d.fallbackTitle ?? Placeholders.expand(d.title, values: ["service": nil])
                : Placeholders.expand(d.title, values: ["service": focus])
            return Dashboard(id: d.id, title: title, summary: Placeholders.expand(d.summary, values: ["service": focus]), panels: panels)
        }
    }

    /// nil for a `forEach: service` spans panel whose matchers leave its service out.
    func evaluate(_ p: PanelDefinition, service: String?, cache: EvaluationCache) -> Panel? {
        let title = Placeholders.expand(p.title, values: ["service": service])
        let id = p.id.map { PanelID.slug(Placeholders.expand($0, values: ["service": service.map(PanelID.slug)])) } ?? PanelID.slug(title)
        let matchers = p.matchers.map { $0.expanded(service: service) }
        switch p.source {
        case .spans:
            var names = p.forEach == .service ? service.map { [$0] } ?? [] : services
            let tests = matchers.map { $0.compiled() }
            names = names.filter { name in tests.allSatisfy { $0(name) } }
            if p.forEach == .service && names.isEmpty { return nil }
            var panel = SpanPanelEvaluator(cache: cache).panel(id: id, title: title, unit: p.unit, services: names, transform: p.transform)
            if let method = p.method {
                panel.method = Placeholders.expand(
                    method,
                    values: [
                        "service": service, "metric": panel.source,
                        "window": String(panel.windowSeconds), "step": String(grid.stepSeconds),
                    ])
            }
            return panel
        case .metric(let names):
            let query = MetricPanelEvaluator.Query(
                id: id, title: title, unit: p.unit, names: names, matchers: matchers,
                transform: p.transform, by: p.by, total: p.total, scale: p.scale,
                windowSeconds: p.windowSeconds, method: p.method, service: service)
            if let prometheus { return PrometheusPanelEvaluator(backend: prometheus, grid: grid).panel(query) }
            return MetricPanelEvaluator(snapshot: snapshot, grid: grid).panel(query)
        }
    }

    /// As `PanelID.unique`: ids must be unique on a page.
    static func unique(_ id: String, _ used: inout Set<String>) -> String { PanelID.unique(id, &used) }
}
