import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The interactive part of `traces.html` and what the inline script (`static/trace-explorer.js`)
/// drives: a filter box in the `--where` language (DESIGN §1), quick filters per service,
/// min/max duration, "errors only", sortable columns and a result count; a summary of what the
/// filter finds beside all traces (count, share, error share, nearest-rank p50/p95/p99/max); the
/// scatter, whose points of traces the filter leaves out fade; and A/B — a pinned filter A
/// against the current one B, side by side with ratios and both duration distributions on one
/// axis — kept in the URL fragment (`#a=EXPR&b=EXPR`, see `TraceFilterState`) so the view
/// survives reload and Back and `compare.html` can link to it. The filter searches every trace
/// the page holds (`TraceTableData`), not only the listed rows.
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
        Column(
            key: "rank", title: "In operation", numeric: true,
            help:
                "Percentile rank of the duration among traces with the same root service and operation (nearest rank): pN means N% of them take at most this long"
        ),
        Column(key: "spans", title: "Spans", numeric: true),
        Column(key: "errors", title: "Errors", numeric: true),
        Column(key: "services", title: "Services", numeric: false),
    ]

    /// The explorer: the controls and the filter's summary (both hidden until the script runs),
    /// the scatter (`scatter`, its points indexed into the embedded records), and the table with
    /// its data. `all` is every trace, slowest first; `shown` the table's rows (a prefix of it);
    /// `scatter` draws the scatter, on one core while the data is built on the other.
    func view(
        all: SlowestTraces, shown: [TraceSummary], scatter: () -> Node, rootServices: () -> [String],
        serviceListID: (Int) -> String
    ) -> Node {
        let held = all.prefix(TraceTableData.traceRecordLimit)
        let ranks = self.ranks
        let context = self.context, linker = self.linker
        // The data (and its text) on one core, the rest of the explorer on the other.
        let parts = CoreSplit.map(2) { part -> Part in
            if part == 0 {
                var data = TraceTableData(
                    traces: all.traces, order: all.order, rank: { ranks.rank(atPosition: all.order[$0]) }, listed: shown.count,
                    summary: TraceSetSummary(all.traces, latency: context.traceLatency),
                    snapshot: context.analysis.snapshot, parents: context.analysis.spanParents,
                    page: { context.hasWaterfall.contains($0) ? linker.href(.trace($0)) : nil },
                    colour: { context.colour($0) })
                // The chunks the columns were built in are freed; their pages go back before the
                // text, a new mapping that could not reuse them, is made (`FreeMemory`).
                FreeMemory.returnToSystem()
                CodePages.release()
                // Only the counts outlive the text: the columns (10 MB at 500k spans) are let go
                // as the text is written, and the rest before the page is put together.
                let json = data.takeJSON()
                return .data(searchable: data.searchableCount, records: data.recordCount, json: json)
            }
            return .nodes(
                // Service counts do not depend on the order: over the traces as stored when all are held.
                scatter: scatter(), controls: held.count == all.count ? controls(held: all.traces) : controls(held: held),
                serviceLinks: serviceLinks(rootServices(), serviceListID: serviceListID),
                table: table(shown.map { (trace: $0, rank: ranks.rank(of: $0)) }, caption: caption(all.count, shown.count)))
        }
        guard case .data(let searchableCount, let recordCount, let json) = parts[0],
            case .nodes(let scatter, let controls, let links, let table) = parts[1]
        else {
            preconditionFailure("the parts come in order")
        }
        let dataID = linker.id("trace-data")
        var tableChildren: [Node] = [
            .el("h2", .text("All traces by duration")),
            links,
            .el(
                "p", ["class": "muted tx-nojs"],
                .text(
                    "The table is sorted by duration, slowest first. In a browser with JavaScript, a filter box (the --where language), quick filters and sortable columns appear above, and a trace without a waterfall page opens as a waterfall drawn in this page. Without JavaScript, render with --trace ID to give any trace a waterfall page."
                )),
            table,
            // The script lists a window of the rows the filter finds and pages the rest.
            .el(
                "p", ["class": "tx-more", "hidden": "hidden"],
                children: [
                    .el("button", ["type": "button", "class": "tx-btn", "data-role": "more"], .text("Show more")),
                    .text(" "), .el("span", ["class": "muted", "data-role": "shown"]),
                ]),
        ]
        if searchableCount < recordCount {
            tableChildren.append(
                Components.methodNote(
                    "Spans are embedded for the \(NumberFormat.count(searchableCount)) slowest of the \(NumberFormat.count(recordCount)) traces the page holds (its size bound, about 40 MB); for the others an expression is decided from the trace's record where it can be (its services, error count, duration and id) and is otherwise counted as undecided, never as not matching. Render with --where to filter all traces exactly."
                ))
        }
        if recordCount < all.count {
            tableChildren.append(
                Components.methodNote(
                    "The page holds the \(NumberFormat.count(recordCount)) slowest of \(NumberFormat.count(all.count)) traces (its size bound); filters search those, and the \"all traces\" figures count every trace."
                ))
        }
        tableChildren.append(.el("script", ["type": "application/json", "id": dataID], .trusted(json)))
        return .el(
            "div", ["class": "trace-explorer", "data-source": dataID],
            children: [
                noScriptNote(),
                controls,
                summary(),
                .el(
                    "div", ["class": "panel"],
                    children: [
                        .el("h3", .text("Trace duration over time")),
                        Components.methodNote(
                            "Each point is a trace at its start time; red points have error spans. Points of traces with a waterfall page link to it (waterfall pages are made for the slowest traces, every trace with an error span and the slowest trace of each root operation; render with --trace ID to make one for any other trace). With a filter set, the traces it leaves out fade."
                        ),
                        scatter,
                        .el("p", ["class": "tx-match", "data-role": "match", "aria-live": "polite", "hidden": "hidden"]),
                    ]),
                .el("section", attrs: [("id", linker.id("table")), ("aria-label", "All traces by duration")], children: tableChildren),
                waterfall(),
            ])
    }

    /// What the two halves of `view` give: the embedded data's text with how many traces it
    /// holds and carries spans of, and the nodes built beside it.
    private enum Part {
        case data(searchable: Int, records: Int, json: String)
        case nodes(scatter: Node, controls: Node, serviceLinks: Node, table: Node)
    }

    /// The table's caption: how many of how many traces it lists.
    private func caption(_ all: Int, _ shown: Int) -> String {
        shown < all
            ? "The \(NumberFormat.count(shown)) slowest of \(NumberFormat.count(all)) traces; \(NumberFormat.count(all - shown)) faster ones are left out (all are counted in report.json's totals, and each root service's slowest are listed below)."
            : "All \(NumberFormat.count(all)) traces, slowest first."
    }

    /// Where the script draws the waterfall of a trace that has no page of its own, from the
    /// embedded spans (filled with DOM calls; hidden until a trace is opened).
    private func waterfall() -> Node {
        let headingID = linker.id("tx-waterfall-heading")
        return .el(
            "section", attrs: [("class", "tx-waterfall panel"), ("hidden", "hidden"), ("aria-labelledby", headingID), ("tabindex", "-1")],
            children: [
                .el("h3", ["id": headingID, "data-role": "wf-title"], .text("Waterfall")),
                .el("div", ["data-role": "waterfall"]),
            ])
    }

    /// What a reader without JavaScript gets instead of the live comparison: where the same
    /// comparison is precomputed.
    private func noScriptNote() -> Node {
        .el(
            "p", ["class": "tx-nojs note"],
            children: [
                .text(
                    "With JavaScript, a filter box here finds traces in the --where language, fades the others in the plot, and summarises what it finds (count, error share, p50/p95/p99/max) beside all traces; two filters can be pinned as A and B and compared side by side. Without it, "
                ),
                .el("a", ["href": linker.href(.compare)], .text("the comparison page")),
                .text(
                    " holds the same comparison precomputed: for each operation of the focus service, the latency of each value of the attributes that set its slow spans apart (such as app.cache_hit=true against false). To summarise one filter here, render with --where."
                ),
            ])
    }

    /// The summary of what the filter finds, and A/B, filled in by the script with DOM calls.
    private func summary() -> Node {
        let headingID = linker.id("tx-summary-heading")
        return .el(
            "section", attrs: [("class", "tx-summary panel"), ("hidden", "hidden"), ("aria-labelledby", headingID)],
            children: [
                .el("h3", ["id": headingID], .text("What the filter finds")),
                Components.methodNote(
                    "Traces the filter finds beside all traces: how many, their share of all traces, the share with error spans, and the nearest-rank p50, p95, p99 and max of their durations (the value at rank ⌈q·n⌉ of the sorted durations, as render --where reports in report.json's snapshot.traceLatencyMs). Pin a filter as A, then type another as B to compare them; the address keeps both, so the view can be reloaded and linked."
                ),
                .el(
                    "div", ["class": "tx-pins"],
                    children: [
                        .el("button", ["type": "button", "class": "tx-btn", "data-role": "pin"], .text("Pin as A")),
                        .el("button", ["type": "button", "class": "tx-btn", "data-role": "unpin", "hidden": "hidden"], .text("Unpin A")),
                        .el("span", ["class": "tx-pinned", "data-role": "pinned"]),
                    ]),
                .el("div", ["data-role": "summary"]),
                .el("div", ["class": "tx-dist", "data-role": "dist"]),
            ])
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
    private func controls<Held: Collection<TraceSummary>>(held: Held) -> Node {
        let exprID = linker.id("trace-filter"), helpID = linker.id("trace-filter-help"), errorID = linker.id("trace-filter-error")
        // Traces by their service list first (a snapshot has a few lists, shared between its
        // traces: `FirstSeenKeys`), then each list's services counted.
        var lists = FirstSeenKeys<[String]>(), listCounts: [Int] = []
        for t in held {
            let (slot, isNew) = lists.slot(of: t.services)
            if isNew { listCounts.append(1) } else { listCounts[slot] += 1 }
        }
        var services: [String: Int] = [:]
        for (list, count) in zip(lists.keys, listCounts) { for s in list { services[s, default: 0] += count } }
        let buttons: [Node] =
            [Self.serviceButton("", label: "All services", pressed: true)]
            + services.keys.sorted().map { Self.serviceButton($0, label: "\($0) (\(NumberFormat.count(services[$0]!)))", pressed: false) }
        return .el(
            "form", ["class": "tx-controls", "hidden": "hidden", "role": "search", "aria-label": "Filter traces"],
            children: [
                .el(
                    "div", ["class": "tx-expr"],
                    children: [
                        .el("label", ["for": exprID], .text("Filter")),
                        .el(
                            "input",
                            [
                                "id": exprID, "type": "search", "class": "mono", "data-role": "expr", "spellcheck": "false",
                                "autocomplete": "off", "autocapitalize": "off",
                                "placeholder": "app.cache_hit=false duration>250ms",
                                "aria-describedby": helpID + " " + errorID,
                            ]),
                    ]),
                .el("div", ["id": errorID, "class": "tx-error", "data-role": "error", "aria-live": "polite"]),
                .el(
                    "p", ["id": helpID, "class": "tx-help"],
                    children: [
                        .text("The --where language: "), .el("code", .text("key=value")), .text(", "), .el("code", .text("key!=value")),
                        .text(", "),
                        .el("code", .text("key>n")), .text(" (also >=, <, <=), "), .el("code", .text("key")), .text(" (exists), "),
                        .el("code", .text("!key")), .text("; fields "), .el("code", .text("service name duration status kind")),
                        .text(" (e.g. "), .el("code", .text("duration>250ms")), .text(", "), .el("code", .text("status=error")),
                        .text("); quote values with spaces. A trace matches when one of its spans matches every term."),
                    ]),
                .el(
                    "div", ["class": "tx-row"],
                    children: [
                        .el(
                            "label", .text("Min ms "),
                            .el("input", ["type": "number", "data-role": "min", "min": "0", "step": "any", "inputmode": "decimal"])),
                        .el(
                            "label", .text("Max ms "),
                            .el("input", ["type": "number", "data-role": "max", "min": "0", "step": "any", "inputmode": "decimal"])),
                        .el("label", .el("input", ["type": "checkbox", "data-role": "errors"]), .text(" Errors only")),
                    ]),
                .el("div", ["class": "tx-services", "role": "group", "aria-label": "Traces with a span of service"], children: buttons),
                .el(
                    "p", ["class": "tx-count", "data-role": "count", "aria-live": "polite"],
                    .text("\(NumberFormat.count(held.count)) of \(NumberFormat.count(held.count)) traces")),
            ])
    }

    private static func serviceButton(_ service: String, label: String, pressed: Bool) -> Node {
        .el(
            "button", ["type": "button", "class": "tx-svc", "data-service": service, "aria-pressed": pressed ? "true" : "false"],
            .text(label))
    }

    /// The table, slowest first; each row carries its index into the embedded data.
    private func table(_ ranked: [(trace: TraceSummary, rank: Int)], caption: String) -> Node {
        let head = Node.el(
            "thead",
            .el(
                "tr",
                children: Self.columns.map { c in
                    .el(
                        "th",
                        attrs: [
                            ("scope", "col"), ("class", c.numeric ? "num" : nil), ("data-sort", c.key),
                            ("aria-sort", c.key == "duration" ? "descending" : nil), ("title", c.help),
                        ],
                        children: [.text(c.title)])
                }))
        let body = Node.el(
            "tbody",
            children: ranked.enumerated().map { i, row in
                let t = row.trace
                let cells: [Node] =
                    TracesPage.traceIDCell(t, context: context, linker: linker) + [
                        .text(t.rootService), .text(t.rootName),
                        .el("span", ["class": "mono"], .text(UTCTime.timeOfDay(nanos: t.startTimeUnixNano))),
                        .text(NumberFormat.duration(nanos: t.durationNanos, .table)), .text(RootOperationPercentiles.label(row.rank)),
                        .text(NumberFormat.count(t.spanCount)), TracesPage.errorCell(t.errorCount),
                        .text(t.services.joined(separator: ", ")),
                    ]
                return .el(
                    "tr", ["data-row": String(i)],
                    children: cells.enumerated().map { c, cell in
                        .el("td", attrs: [("class", Self.columns[c].numeric ? "num" : nil)], children: [cell])
                    })
            })
        return .el(
            "div", ["class": "table-wrap"],
            .el(
                "table", ["class": "tx-table"],
                children: [
                    .el("caption", ["class": "muted"], .text(caption)), head, body,
                ]))
    }
}
