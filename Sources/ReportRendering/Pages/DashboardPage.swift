import DashboardConfig
import Markup
import TelemetryAnalysis

/// A dashboard page: its panels, each with the method and source of its numbers, the chart,
/// the legend and a data table — or a plain statement where the snapshot lacks the data.
struct DashboardPage {
    let context: RenderContext
    let dashboard: Dashboard
    let charts: ChartFactory

    func content(_ linker: Linker) -> Node {
        var body: [Node] = [
            .el("h1", .text(dashboard.title)),
            .el("p", ["class": "lede"], .text(dashboard.summary)),
        ]
        if dashboard.panels.isEmpty {
            body.append(.el("div", ["class": "nodata"], .text("No data: the snapshot has no spans to choose a service from.")))
        }
        // A snapshot with hundreds of services would make a page of hundreds of charts: the
        // first `panelLimit` are drawn (the focus service's first), the rest are named, and
        // report.json holds them all.
        let drawn = dashboard.panels.prefix(Self.panelLimit)
        for panel in drawn {
            body.append(
                .el(
                    "section", ["class": "panel", "id": linker.id("panel-" + panel.id), "aria-label": panel.title],
                    children: [
                        .el("h3", .text(panel.title)),
                        Components.methodNote(
                            "Source: \(panel.source == "spans" ? "spans" : "metric " + panel.source). \(panel.method). Step \(panel.stepSeconds) s, window \(panel.windowSeconds) s."
                        ),
                        charts.panel(panel, grid: context.analysis.grid, emptyReason: emptyReason(panel)),
                    ]))
        }
        if dashboard.panels.count > drawn.count {
            let rest = dashboard.panels.dropFirst(drawn.count)
            body.append(
                .el(
                    "section", ["class": "panel", "aria-label": "Panels not drawn"],
                    children: [
                        .el("h3", .text("\(rest.count) more panels")),
                        Components.methodNote(
                            "Not drawn, to keep this page quick to open; their numbers are in report.json: "
                                + rest.map(\.title).joined(separator: ", ") + "."),
                    ]))
        }
        // Exceptions belong beside the error rate: on the first dashboard that shows it, whatever
        // its id (once, so the single-file report keeps its ids unique).
        if context.analysis.dashboards.first(where: { $0.panels.contains { $0.role == .errorRate } })?.id == dashboard.id {
            body.append(
                Components.section(
                    "Exceptions", id: linker.id("exceptions"),
                    [
                        Components.methodNote(
                            "Span events named \"exception\" and log records with exception.type, grouped by service and exception.type; most frequent first."
                        ),
                        ExceptionsSection(context: context).table(linker, idPrefix: "errors-exception-"),
                    ]))
        }
        return .fragment(body)
    }

    static let panelLimit = 30

    func emptyReason(_ panel: Panel) -> String {
        switch panel.role {
        case .cpu?:
            let container = dashboard.panels.contains { $0.role == .containerCPU && $0.hasData }
            return
                "No data: the snapshot has no CPU-time metric for this service (looked for \(panel.metricNames.prefix(4).joined(separator: ", ")) and others)."
                + (container ? " Its container's CPU is shown below." : "")
        case .memory?:
            return
                "No data: the snapshot has no memory metric for this service (looked for \(panel.metricNames.prefix(4).joined(separator: ", ")) and others)."
        default:
            return "No data in this snapshot for this panel."
        }
    }
}
