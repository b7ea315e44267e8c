import Markup
import TelemetryAnalysis
import TelemetryModel

/// The trace table of `traces.html` and the controls the inline script (`static/trace-explorer.js`)
/// drives: a filter box in the `--where` language (DESIGN §1), quick filters per service,
/// min/max duration, "errors only", sortable columns and a result count.
///
/// Progressive enhancement: the page is complete without JavaScript — the table is pre-sorted by
/// duration, slowest first, and the controls are `hidden` until the script shows them — and it
/// needs no inline handlers (DESIGN §6: a strict Content-Security-Policy holds). The script finds
/// its parts by class and `data-` attributes, never by id, so the same code serves the site
/// (`traces.html`) and the single-file layout (where ids are prefixed); the container's
/// `data-source` names the id of the embedded JSON (`TraceTableData`).
struct TraceExplorer {
    let context: RenderContext
    let linker: Linker
    let ranks: RootOperationPercentiles

    /// A sortable column: its `data-sort` key (the script's name for it), header and alignment.
    struct Column {
        var key: String
        var title: String
        var numeric: Bool
        var help: String?
    }

    static let columns: [Column] = [
        Column(key: "id", title: "Trace", numeric: false),
        Column(key: "service", title: "Root service", numeric: false),
        Column(key: "operation", title: "Root operation", numeric: false),
        Column(key: "start", title: "Start", numeric: false),
        Column(key: "duration", title: "Duration", numeric: true),
        Column(key: "rank", title: "In operation", numeric: true,
               help: "Percentile rank of the duration among traces with the same root service and operation (nearest rank): pN means N% of them take at most this long"),
        Column(key: "spans", title: "Spans", numeric: true),
        Column(key: "errors", title: "Errors", numeric: true),
        Column(key: "services", title: "Services", numeric: false),
    ]

    /// The section: the controls (hidden until the script runs), the table and its data.
    func section(shown: [TraceSummary], total: Int, rootServices: [String], serviceListID: (Int) -> String) -> Node {
        let ranked = shown.map { (trace: $0, rank: ranks.rank(of: $0)) }
        let data = TraceTableData(traces: ranked, snapshot: context.analysis.snapshot)
        let dataID = linker.id("trace-data")
        let caption = shown.count < total
            ? "The \(Display.count(shown.count)) slowest of \(Display.count(total)) traces; \(Display.count(total - shown.count)) faster ones are left out (all are counted in report.json's totals, and each root service's slowest are listed below)."
            : "All \(Display.count(total)) traces, slowest first."
        var children: [Node] = [
            .el("h2", .text("All traces by duration")),
            serviceLinks(rootServices, serviceListID: serviceListID),
            .el("p", ["class": "muted tx-nojs"], .text("The table is sorted by duration, slowest first. In a browser with JavaScript, a filter box (the --where language), quick filters and sortable columns appear here.")),
            controls(shown: shown, searchable: data.searchableCount),
            table(ranked, caption: caption),
        ]
        if data.searchableCount < shown.count {
            children.append(.el("p", ["class": "method"], .text("Span data is embedded for \(Display.count(data.searchableCount)) of the \(Display.count(shown.count)) listed traces (the page's size bound); the others are left out while a filter expression is set. Render with --where to filter all traces.")))
        }
        children.append(.el("script", ["type": "application/json", "id": dataID], .trusted(data.json())))
        return .el("section", attrs: [("id", linker.id("table")), ("aria-label", "All traces by duration"),
                                      ("class", "trace-explorer"), ("data-source", dataID)], children: children)
    }

    /// Links to the per-service lists, for readers without JavaScript or with a cut table.
    private func serviceLinks(_ services: [String], serviceListID: (Int) -> String) -> Node {
        guard !services.isEmpty else { return .empty }
        let shown = services.prefix(TracesPage.serviceListLimit)
        var items: [Node] = [.text("Slowest traces per root service: ")]
        for (i, name) in shown.enumerated() {
            if i > 0 { items.append(.text(" · ")) }
            items.append(Components.link("#" + serviceListID(i), name))
        }
        return .el("p", ["class": "tx-links"], children: items)
    }

    /// The form the script reveals. Its fields have no `name`: nothing is ever submitted.
    private func controls(shown: [TraceSummary], searchable: Int) -> Node {
        let exprID = linker.id("trace-filter"), helpID = linker.id("trace-filter-help"), errorID = linker.id("trace-filter-error")
        var services: [String: Int] = [:]
        for t in shown { for s in t.services { services[s, default: 0] += 1 } }
        let buttons: [Node] = [Self.serviceButton("", label: "All services", pressed: true)]
            + services.keys.sorted().map { Self.serviceButton($0, label: "\($0) (\(Display.count(services[$0]!)))", pressed: false) }
        return .el("form", ["class": "tx-controls", "hidden": "hidden", "role": "search", "aria-label": "Filter traces"], children: [
            .el("div", ["class": "tx-expr"], children: [
                .el("label", ["for": exprID], .text("Filter")),
                .el("input", ["id": exprID, "type": "search", "class": "mono", "data-role": "expr", "spellcheck": "false",
                              "autocomplete": "off", "autocapitalize": "off",
                              "placeholder": "app.cache_hit=false duration>250ms",
                              "aria-describedby": helpID + " " + errorID]),
            ]),
            .el("div", ["id": errorID, "class": "tx-error", "data-role": "error", "aria-live": "polite"]),
            .el("p", ["id": helpID, "class": "tx-help"], children: [
                .text("The --where language: "), .el("code", .text("key=value")), .text(", "), .el("code", .text("key!=value")), .text(", "),
                .el("code", .text("key>n")), .text(" (also >=, <, <=), "), .el("code", .text("key")), .text(" (exists), "),
                .el("code", .text("!key")), .text("; fields "), .el("code", .text("service name duration status kind")),
                .text(" (e.g. "), .el("code", .text("duration>250ms")), .text(", "), .el("code", .text("status=error")),
                .text("); quote values with spaces. A trace matches when one of its spans matches every term."),
            ]),
            .el("div", ["class": "tx-row"], children: [
                .el("label", .text("Min ms "), .el("input", ["type": "number", "data-role": "min", "min": "0", "step": "any", "inputmode": "decimal"])),
                .el("label", .text("Max ms "), .el("input", ["type": "number", "data-role": "max", "min": "0", "step": "any", "inputmode": "decimal"])),
                .el("label", .el("input", ["type": "checkbox", "data-role": "errors"]), .text(" Errors only")),
            ]),
            .el("div", ["class": "tx-services", "role": "group", "aria-label": "Traces with a span of service"], children: buttons),
            .el("p", ["class": "tx-count", "data-role": "count", "aria-live": "polite"],
                .text("\(Display.count(shown.count)) of \(Display.count(shown.count)) traces")),
        ])
    }

    private static func serviceButton(_ service: String, label: String, pressed: Bool) -> Node {
        .el("button", ["type": "button", "class": "tx-svc", "data-service": service, "aria-pressed": pressed ? "true" : "false"], .text(label))
    }

    /// The table, slowest first; each row carries its index into the embedded data.
    private func table(_ ranked: [(trace: TraceSummary, rank: Int)], caption: String) -> Node {
        let head = Node.el("thead", .el("tr", children: Self.columns.map { c in
            .el("th", attrs: [("scope", "col"), ("class", c.numeric ? "num" : nil), ("data-sort", c.key),
                              ("aria-sort", c.key == "duration" ? "descending" : nil), ("title", c.help)],
                children: [.text(c.title)])
        }))
        let body = Node.el("tbody", children: ranked.enumerated().map { i, row in
            let t = row.trace
            let cells: [Node] = TracesPage.traceIDCell(t, context: context, linker: linker) + [
                .text(t.rootService), .text(t.rootName),
                .el("span", ["class": "mono"], .text(UTCTime.timeOfDay(nanos: t.startTimeUnixNano))),
                .text(Display.ms(t.durationNanos)), .text(RootOperationPercentiles.label(row.rank)),
                .text(Display.count(t.spanCount)), TracesPage.errorCell(t.errorCount),
                .text(t.services.joined(separator: ", ")),
            ]
            return .el("tr", ["data-row": String(i)], children: cells.enumerated().map { c, cell in
                .el("td", attrs: [("class", Self.columns[c].numeric ? "num" : nil)], children: [cell])
            })
        })
        return .el("div", ["class": "table-wrap"], .el("table", ["class": "tx-table"], children: [
            .el("caption", ["class": "muted"], .text(caption)), head, body,
        ]))
    }
}
