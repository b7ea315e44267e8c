import DashboardConfig
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `index.html`: what was read, the time range, the services table with percentiles, the
/// findings, the slowest traces and links to every other page.
struct IndexPage {
    let context: RenderContext
    let findings: [Finding]

    func content(_ linker: Linker) -> Node {
        let a = context.analysis
        let snap = a.snapshot
        let errors = a.services.reduce(0) { $0 + $1.errorCount }
        var cards: [Node] = [
            Components.card("Spans", NumberFormat.count(snap.spans.count)),
            Components.card("Traces", NumberFormat.count(a.traces.count)),
            Components.card("Services", NumberFormat.count(a.services.count)),
            Components.card("Error spans", NumberFormat.count(errors), NumberFormat.percent(errors, of: snap.spans.count, .tenths)),
            Components.card("Metric points", NumberFormat.count(snap.metricPointCount), "\(snap.metrics.count) series"),
        ]
        if !snap.logs.isEmpty {
            let errorLogs = a.logStatistics.services.reduce(0) { $0 + $1.errorCount }
            cards.append(
                Components.card("Log records", NumberFormat.count(snap.logs.count), "\(NumberFormat.count(errorLogs)) ERROR or FATAL"))
        }
        if let r = a.timeRange {
            cards.append(
                Components.card(
                    "Time span", NumberFormat.duration(nanos: r.upperBound - r.lowerBound, .heading),
                    UTCTime.display(nanos: r.lowerBound) + " → " + UTCTime.display(nanos: r.upperBound), wide: true))
        }
        var body: [Node] = [
            .el("h1", .text(context.options.title)),
            .el("p", ["class": "lede"], .text(lede())),
            context.options.filterNote.map { .el("p", ["class": "tag focus"], .text($0)) } ?? .empty,
            .el("div", ["class": "cards"], children: cards),
        ]
        body.append(Components.section("Findings", id: linker.id("findings"), [findingsList(linker)]))
        let glance = atAGlance(linker)
        if !glance.isEmpty {
            body.append(Components.section("At a glance", id: linker.id("glance"), [.el("div", ["class": "grid2"], children: glance)]))
        }
        body.append(
            Components.section(
                "Dashboards", id: linker.id("dashboards"),
                [
                    .el(
                        "ul",
                        children: a.dashboards.map { d in
                            .el("li", children: [Components.link(linker.href(.dashboard(d.id)), d.title), .text(" — " + d.summary)])
                        } + [
                            .el(
                                "li",
                                children: [
                                    Components.link(linker.href(.traces), "Traces"),
                                    .text(
                                        " — every trace by duration, with a scatter plot of duration over time and waterfalls of the slowest."
                                    ),
                                ]),
                            .el(
                                "li",
                                children: [
                                    Components.link(linker.href(.compare), "Compare"),
                                    .text(" — the attributes whose values set slow spans apart, with latency per value."),
                                ]),
                            .el(
                                "li",
                                children: [
                                    Components.link(linker.href(.services), "Service map"),
                                    .text(" — which service calls which, with calls, errors and latency on each edge."),
                                ]),
                            .el(
                                "li",
                                children: [
                                    Components.link(linker.href(.logs), "Logs"),
                                    .text(" — log records over time by severity, the most frequent messages, warnings and errors."),
                                ]),
                        ])
                ]))
        body.append(Components.section("Services", id: linker.id("services"), [servicesTable()]))
        if !a.serviceMap.nodes.isEmpty {
            body.append(
                Components.section(
                    "Service map", id: linker.id("service-map"),
                    [
                        .el(
                            "div", ["class": "panel"],
                            children: [
                                .el(
                                    "figure", ["class": "chart"],
                                    .el(
                                        "div", ["class": "sm-scroll"],
                                        ServiceMapChart(context: context, linker: linker, compact: true).render(title: "Service map"))),
                                .el("p", children: [Components.link(linker.href(.services), "Service map with its figures →")]),
                            ])
                    ]))
        }
        body.append(
            Components.section(
                "Exceptions", id: linker.id("exceptions"), [ExceptionsSection(context: context).table(linker, idPrefix: "exception-")]))
        body.append(Components.section("Slowest traces", id: linker.id("slowest"), [slowestTable(linker)]))
        body.append(Components.section("Inputs", id: linker.id("inputs"), inputs()))
        return .fragment(body)
    }

    /// The focus service's latency, memory and CPU as small charts, each linking to its dashboard.
    func atAGlance(_ linker: Linker) -> [Node] {
        let charts = ChartFactory()
        let a = context.analysis
        // Found by what they show (`PanelRole`), whatever a dashboard file calls them.
        var wanted: [(role: PanelRole, service: String?)] = []
        if let focus = a.focusService { wanted.append((.latency, focus)) }
        wanted += [(.memory, nil), (.cpu, nil), (.errorRate, nil)]
        var out: [Node] = []
        for (role, service) in wanted where out.count < 4 {
            guard
                let (dashboard, panel) = a.dashboards.lazy.compactMap({ d in
                    d.panels.first { $0.role == role && (service == nil || $0.service == service) }.map { (d.id, $0) }
                }).first,
                let chart = charts.mini(panel, grid: a.grid)
            else { continue }
            out.append(
                .el(
                    "div", ["class": "panel"],
                    children: [
                        .el("h3", children: [Components.link(linker.href(.dashboard(dashboard), "panel-" + panel.id), panel.title)]),
                        chart,
                    ]))
        }
        return out
    }

    func lede() -> String {
        let n = context.analysis.snapshot.inputs.count
        var s = "A report of \(n) input file\(n == 1 ? "" : "s")"
        if let focus = context.analysis.focusService { s += "; the dashboards focus on \(focus)" }
        return s + ". Latency percentiles are nearest-rank over span durations; all times UTC."
    }

    /// The findings in story order (what is wrong, then what marks the slow spans), each with
    /// links to the pages that show its evidence.
    func findingsList(_ linker: Linker) -> Node {
        guard !findings.isEmpty else {
            return Components.mutedNote(
                "Nothing stood out: no service's latency tail, error rate or memory changed enough to report, and no attribute marks the slow spans of an operation."
            )
        }
        let links = FindingLinks(context: context, linker: linker)
        return .el(
            "ul", ["class": "findings"],
            children: findings.map { f in
                var children: [Node] = [.el("strong", .text(f.title)), .text(" " + f.detail)]
                let evidence = links.resolved(f)
                if !evidence.isEmpty {
                    var parts: [Node] = [.text("Evidence: ")]
                    for (i, l) in evidence.enumerated() {
                        if i > 0 { parts.append(.text(" · ")) }
                        parts.append(Components.link(l.href, l.label))
                    }
                    children.append(.el("span", ["class": "evidence"], children: parts))
                }
                return .el("li", ["class": "sev-\(f.severity)", "data-kind": f.kind.rawValue], children: children)
            })
    }

    func servicesTable() -> Node {
        let focus = context.analysis.focusService
        let rows: [[Node]] = context.analysis.services.map { s in
            [
                .fragment([
                    .el("span", ["class": "wf-name"], .el("span", ["class": "svc \(context.colour(s.name))"])), .text(s.name),
                    s.name == focus ? .fragment([.text(" "), .el("span", ["class": "tag focus"], .text("focus"))]) : .empty,
                ]),
                .text(NumberFormat.count(s.spanCount)),
                s.errorCount > 0 ? .el("span", ["class": "err"], .text(NumberFormat.count(s.errorCount))) : .text("0"),
                .text(NumberFormat.percent(s.errorCount, of: s.spanCount, .tenths)),
                .text(NumberFormat.duration(nanos: s.latency.p50, .table)), .text(NumberFormat.duration(nanos: s.latency.p95, .table)),
                .text(NumberFormat.duration(nanos: s.latency.p99, .table)),
                .text(NumberFormat.duration(nanos: s.latency.p999, .table)), .text(NumberFormat.duration(nanos: s.latency.max, .table)),
            ]
        }
        return Components.table(
            headers: ["Service", "Spans", "Errors", "Error %", "p50", "p95", "p99", "p99.9", "max"],
            numeric: Set(1...8), rows: rows)
    }

    func slowestTable(_ linker: Linker) -> Node {
        let rows: [[Node]] = context.analysis.slowest.prefix(10).map { t in
            // Duration next to the trace, so a phone shows it without scrolling the table.
            TracesPage.traceIDCell(t, context: context, linker: linker) + [
                .text(NumberFormat.duration(nanos: t.durationNanos, .table)), .text(t.rootService), .text(t.rootName),
                .text(NumberFormat.count(t.spanCount)),
                t.errorCount > 0 ? .el("span", ["class": "err"], .text(String(t.errorCount))) : .text("0"),
            ]
        }
        return .fragment([
            Components.table(
                headers: ["Trace", "Duration", "Root service", "Root operation", "Spans", "Errors"], numeric: [1, 4, 5], rows: rows),
            .el("p", children: [Components.link(linker.href(.traces), "All traces →")]),
        ])
    }

    func inputs() -> [Node] {
        let rows: [[Node]] = context.analysis.snapshot.inputs.map { i in
            [.el("code", .text(i.path)), .text(i.format), .text(NumberFormat.count(i.spans)), .text(NumberFormat.count(i.metricPoints))]
        }
        var nodes: [Node] = [Components.table(headers: ["File", "Format", "Spans", "Metric points"], numeric: [2, 3], rows: rows)]
        if !context.diagnostics.isEmpty {
            nodes.append(.el("h3", .text("Problems found while reading")))
            nodes.append(
                .el(
                    "ul",
                    children: context.diagnostics.prefix(200).map { d in
                        .el("li", .el("code", .text(d.description)))
                    }))
        }
        return nodes
    }
}
