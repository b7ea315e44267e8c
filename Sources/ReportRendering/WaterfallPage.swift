import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel

/// `traces/<id>.html`: one trace as a waterfall — a row per span in tree order with its bar on
/// the trace's time axis, collapsible subtrees (`<details>`, so it works without JavaScript),
/// the critical path marked, attributes that vary between spans of the same operation shown
/// inline (values unlike the operation's usual one highlighted), then every span's attributes,
/// resource, events and links.
struct WaterfallPage {
    let context: RenderContext
    let trace: TraceSummary

    var spans: SpanTable { context.analysis.snapshot.spans }

    func title() -> String { "\(trace.rootService): \(trace.rootName)" }

    func content(_ linker: Linker) -> Node {
        let fullTree = TraceTree(snapshot: context.analysis.snapshot, trace: trace)
        let critical = Set(fullTree.criticalPath(spans: spans))
        // A page for a trace of tens of thousands of spans must still open: the first
        // `rowLimit` rows in tree order are drawn, and detail cards go to at most `cardLimit`
        // spans — the critical path, errors, then the longest.
        var tree = fullTree
        if tree.rows.count > Self.rowLimit {
            tree.rows = Array(tree.rows.prefix(Self.rowLimit))
            for r in tree.rows.indices { tree.rows[r].descendantCount = min(tree.rows[r].descendantCount, Self.rowLimit - 1 - r) }
        }
        let cards = Self.cardRows(tree, critical: critical, spans: spans)
        let maxDepth = tree.rows.map(\.depth).max() ?? 0
        var body: [Node] = [
            .el("p", ["class": "muted"], children: [Components.link(linker.href(.traces), "← Traces")]),
            .el("h1", .text(title())),
            .el(
                "p", ["class": "lede"],
                children: [
                    .text("Trace "), .el("code", .text(trace.traceID.hex)),
                    .text(" · started " + UTCTime.display(nanos: trace.startTimeUnixNano) + " UTC"),
                ]),
            .el(
                "div", ["class": "cards"],
                children: [
                    trace.durationNanos >= 60_000_000_000
                        ? Components.card("Duration", Display.duration(trace.durationNanos), Display.ms(trace.durationNanos))
                        : Components.card("Duration", Display.ms(trace.durationNanos)),
                    Components.card("Spans", Display.count(trace.spanCount)),
                    Components.card("Services", Display.count(trace.services.count)),
                    Components.card("Errors", Display.count(trace.errorCount)),
                    Components.card("Depth", Display.count(maxDepth + 1)),
                ]),
        ]
        if !trace.orphanIndexes.isEmpty {
            body.append(
                .el(
                    "p", ["class": "wf-flag"],
                    .text("\(trace.orphanIndexes.count) span(s) name a parent that is not in the snapshot; they are shown under the root."))
            )
        }
        body.append(Components.section("Time per service", id: linker.id("service-time"), [serviceTime(tree)]))
        body.append(
            Components.section(
                "Waterfall", id: linker.id("waterfall"),
                [
                    .el(
                        "p", ["class": "method"],
                        .text(
                            "Bars on the trace's time axis; bold rows are the critical path, as Jaeger UI defines it (from the end of each span walking back: the child that finished last, then the child that finished last before that one started, and so on, recursively into each). Click a span name or bar for its details; the arrows fold subtrees."
                        )),
                    axis(),
                    .el("div", ["class": "wf"], children: rows(tree, critical: critical, cards: cards, linker: linker)),
                ]))
        let traceLogs = TraceLogs(context: context, trace: trace)
        if !traceLogs.all.isEmpty {
            body.append(Components.section("Logs", id: linker.id("trace-logs"), traceLogs.traceLevel(linker)))
        }
        body.append(TraceDiffSection(context: context, trace: trace).content(linker))
        if fullTree.rows.count > tree.rows.count {
            body.append(
                .el(
                    "p", ["class": "wf-flag"],
                    .text(
                        "The first \(Display.count(tree.rows.count)) of \(Display.count(fullTree.rows.count)) spans (in tree order) are drawn, to keep this page quick to open."
                    )))
        }
        var details: [Node] = []
        if cards.count < tree.rows.count {
            details.append(
                .el(
                    "p", ["class": "method"],
                    .text(
                        "Details of \(Display.count(cards.count)) of \(Display.count(tree.rows.count)) spans: the critical path, errors, then the longest."
                    )))
        }
        details += cards.sorted().map { i in card(tree.rows[i], index: i, linker: linker, logs: traceLogs) }
        body.append(Components.section("Span details", id: linker.id("spans"), details))
        return .fragment(body)
    }

    static let rowLimit = 5000
    static let cardLimit = 1000

    /// The rows that get a detail card: all of them for ordinary traces; for huge ones the
    /// critical path, error spans, then the longest spans, up to `cardLimit`.
    static func cardRows(_ tree: TraceTree, critical: Set<Int>, spans: SpanTable) -> Set<Int> {
        guard tree.rows.count > cardLimit else { return Set(tree.rows.indices) }
        var chosen = Set(critical.filter { $0 < tree.rows.count }.sorted().prefix(cardLimit))
        let errors = tree.rows.indices.filter { spans.statuses[tree.rows[$0].spanIndex] == .error }
        let longest = tree.rows.indices.sorted { a, b in
            let (da, db) = (spans.durationNanos(at: tree.rows[a].spanIndex), spans.durationNanos(at: tree.rows[b].spanIndex))
            return da != db ? da > db : a < b
        }
        for i in errors + longest where chosen.count < cardLimit { chosen.insert(i) }
        return chosen
    }

    func percent(_ nanos: Int64) -> String {
        let d = max(trace.durationNanos, 1)
        return NumberFormat.fixed(Double(nanos - trace.startTimeUnixNano) / Double(d) * 100, decimals: 3) + "%"
    }

    /// Tick labels for the trace's time axis: nice milliseconds for short traces (about four); for traces of
    /// two minutes or more, whole-second steps from a clock table labelled `m:ss`.
    static func axisTicks(durationMs ms: Double) -> [(ms: Double, label: String)] {
        guard ms >= 120_000 else {
            // About four ticks (never more than six): labels such as "1,200 ms" stay apart on
            // the track of a printed A4 page (about 400 px).
            return Ticks.ticks(0, ms, count: 4).map { ($0, ValueUnit.milliseconds.format($0)) }
        }
        let steps: [Int64] = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let seconds = ms / 1000
        let step = steps.first { seconds / Double($0) <= 6 } ?? 86400
        return stride(from: Int64(0), through: Int64(seconds), by: Int(step)).map { t in
            let label =
                t >= 3600
                ? "\(t / 3600):" + UTCTime.twoDigits(t % 3600 / 60) + ":" + UTCTime.twoDigits(t % 60)
                : "\(t / 60):" + UTCTime.twoDigits(t % 60)
            return (Double(t) * 1000, label)
        }
    }

    func axis() -> Node {
        let ms = Double(trace.durationNanos) / 1e6
        return .el(
            "div", ["class": "wf-axis", "aria-hidden": "true"],
            children: [
                .el("div", .text("Service: operation")),
                .el(
                    "div", ["class": "ticks"],
                    children: Self.axisTicks(durationMs: ms).map { t in
                        .el(
                            "span", ["style": "left:" + NumberFormat.fixed(ms > 0 ? t.ms / ms * 100 : 0, decimals: 3) + "%"], .text(t.label)
                        )
                    }),
            ])
    }

    /// Subtrees fold (`<details>`) down to this depth; deeper spans are listed flat under their
    /// deepest foldable ancestor, so markup nesting — and the recursion that writes it — stays
    /// bounded however deep a trace is.
    static let foldDepthLimit = 32

    /// The rows as nested `<details>` built with an explicit stack (no recursion).
    func rows(_ tree: TraceTree, critical: Set<Int>, cards: Set<Int>, linker: Linker) -> [Node] {
        struct Frame {
            var summary: Node
            var children: [Node]
            var lastRow: Int
        }
        var out: [Node] = []
        var stack: [Frame] = []
        func close(upTo row: Int) {
            // Close every open subtree that ends before `row`.
            while let top = stack.last, top.lastRow < row {
                let frame = stack.removeLast()
                let node = Node.el("details", ["open": "open"], children: [.el("summary", frame.summary)] + frame.children)
                if stack.isEmpty { out.append(node) } else { stack[stack.count - 1].children.append(node) }
            }
        }
        let logs = TraceLogs(context: context, trace: trace)
        for (i, row) in tree.rows.enumerated() {
            close(upTo: i)
            let foldable = row.descendantCount > 0 && row.depth < Self.foldDepthLimit
            let spanLogs = logs.bySpan[spans.spanIDs[row.spanIndex]] ?? []
            let line = rowLine(
                row, index: i, critical: critical.contains(i), hasCard: cards.contains(i), foldable: foldable, linker: linker,
                logBadge: logs.badge(spanLogs))
            let list = logs.list(spanLogs, linker: linker, depth: row.depth)
            if foldable {
                stack.append(Frame(summary: line, children: [list], lastRow: i + row.descendantCount))
            } else if stack.isEmpty {
                out.append(line)
                out.append(list)
            } else {
                stack[stack.count - 1].children.append(line)
                stack[stack.count - 1].children.append(list)
            }
        }
        close(upTo: Int.max)
        return out
    }

    func rowLine(
        _ row: TraceTree.Row, index: Int, critical: Bool, hasCard: Bool, foldable: Bool = false, linker: Linker,
        logBadge: Node = .empty
    ) -> Node {
        let span = spans[row.spanIndex]
        let service = context.service(span)
        let colour = context.colour(service)
        var classes = ["wf-row"]
        if span.isError { classes.append("error") }
        if critical { classes.append("critical") }
        var attrs: [Node] = []
        for key in context.varying.keys(service: service, name: span.name) {
            guard let v = span.attributes[key: key] else { continue }
            let notable = context.varying.isNotable(service: service, name: span.name, key: key, value: v)
            attrs.append(.el("span", attrs: [("class", notable ? "notable" : nil)], children: [.text(AttributeTable.inline(key, v))]))
            attrs.append(.text(" "))
        }
        var flags: [Node] = []
        if span.isError { flags.append(.el("span", ["class": "err"], .text(" error"))) }
        if row.isOrphan { flags.append(.el("span", ["class": "wf-flag", "title": "parent span not in the snapshot"], .text("⚠ orphan"))) }
        if row.depth > 40 { flags.append(.el("span", ["class": "wf-flag"], .text("depth \(row.depth)"))) }
        if row.outsideParent {
            flags.append(
                .el(
                    "span", ["class": "wf-flag", "title": "starts before or ends after its parent: clock skew or asynchronous work"],
                    .text("⚠ outside parent")))
        }
        flags.append(logBadge)
        // Indentation stops growing at 40 levels; deeper rows say their depth instead.
        let indent = "padding-left:" + NumberFormat.fixed(Double(min(row.depth, 40)) * 1.1, decimals: 1) + "em"
        let left = percent(span.startTimeUnixNano)
        let width = NumberFormat.fixed(Double(span.durationNanos) / Double(max(trace.durationNanos, 1)) * 100, decimals: 3) + "%"
        let tooltip =
            "\(service): \(span.name) — \(Display.ms(span.durationNanos)) (self \(Display.ms(row.selfTimeNanos))), starts at +\(Display.ms(span.startTimeUnixNano - trace.startTimeUnixNano))"
        let events: [Node] = span.events.prefix(50).map { e in
            .el(
                "span",
                [
                    "class": "wf-event", "style": "left:" + percent(e.timeUnixNano),
                    "title": "event \(e.name) at +\(Display.ms(e.timeUnixNano - trace.startTimeUnixNano))",
                ])
        }
        // The duration label sits after the bar, or inside its right end when the bar reaches
        // the right edge, so it is never cut off.
        let endShare = Double(span.endTimeUnixNano - trace.startTimeUnixNano) / Double(max(trace.durationNanos, 1)) * 100
        let durStyle =
            endShare > 80
            ? "right:" + NumberFormat.fixed(max(0, 100 - endShare), decimals: 3) + "%"
            : "left:" + NumberFormat.fixed(endShare, decimals: 3) + "%"
        return .el(
            "span", ["class": classes.joined(separator: " ")],
            children: [
                .el(
                    "span", ["class": "wf-name", "style": indent],
                    children: [
                        .el("span", ["class": "chev", "aria-hidden": "true"]),
                        .el("span", ["class": "svc \(colour)", "aria-hidden": "true"]),
                        // One tab stop per row: a row that folds is reached as its <summary> (Enter
                        // folds it), so its name link is left out of the tab order.
                        .el(
                            hasCard ? "a" : "span",
                            attrs: [
                                ("href", hasCard ? linker.href(linker.current, "span-\(index)") : nil),
                                ("title", "\(service): \(span.name)"),
                                ("tabindex", hasCard && foldable ? "-1" : nil),
                            ],
                            children: [.el("span", ["class": "muted"], .text(service + ": ")), .text(span.name)]),
                        .el("span", ["class": "attrs"], children: attrs),
                    ] + flags),
                .el(
                    "span", ["class": "wf-track"],
                    children: [
                        // A bar with a detail card links to it (clicking a bar selects its span rather
                        // than folding the subtree, as a click inside <summary> otherwise would); it is
                        // no extra tab stop, the name link already leads there.
                        .el(
                            hasCard ? "a" : "span",
                            attrs: [
                                ("class", "wf-bar \(colour)"), ("style", "left:\(left);width:\(width)"), ("title", tooltip),
                                ("href", hasCard ? linker.href(linker.current, "span-\(index)") : nil),
                                ("tabindex", hasCard ? "-1" : nil),
                            ])
                    ] + events + [
                        .el(
                            "span", ["class": endShare > 80 ? "wf-dur inside" : "wf-dur", "style": durStyle],
                            .text(Display.ms(span.durationNanos)))
                    ]),
            ])
    }

    func serviceTime(_ tree: TraceTree) -> Node {
        var perService: [String: Int64] = [:]
        for row in tree.rows { perService[context.service(spans[row.spanIndex]), default: 0] += row.selfTimeNanos }
        let total = max(1, perService.values.reduce(0, +))
        let ordered = perService.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return .fragment([
            .el("p", ["class": "method"], .text("Self time (span duration not covered by its children) summed per service.")),
            .el(
                "div", ["class": "service-time", "role": "img", "aria-label": "self time per service"],
                children: ordered.map { name, ns in
                    .el(
                        "span",
                        [
                            "class": context.colour(name),
                            "style": "width:" + NumberFormat.fixed(Double(ns) / Double(total) * 100, decimals: 3) + "%",
                            "title": "\(name): \(Display.ms(ns))",
                        ])
                }),
            .el(
                "ul", ["class": "legend-inline"],
                children: ordered.map { name, ns in
                    .el(
                        "li",
                        children: [
                            .el("span", ["class": "svc \(context.colour(name))"]),
                            .text("\(name) \(Display.ms(ns)) (\(Display.percent(Int(ns), of: Int(total))))"),
                        ])
                }),
        ])
    }

    func card(_ row: TraceTree.Row, index: Int, linker: Linker, logs: TraceLogs) -> Node {
        let span = spans[row.spanIndex]
        let service = context.service(span)
        let resource = context.analysis.snapshot.resource(of: span)
        let scope = context.analysis.snapshot.scope(of: span)
        var facts: [(String, Node)] = [
            ("span id", .el("code", .text(span.spanID.hex))),
            ("parent", span.parentSpanID.isNone ? .text("none (root)") : .el("code", .text(span.parentSpanID.hex))),
            ("kind", .text(span.kind.name)),
            (
                "status",
                span.isError
                    ? .el("span", ["class": "err"], .text("error" + (span.statusMessage.isEmpty ? "" : ": " + span.statusMessage)))
                    : .text(span.status.name + (span.statusMessage.isEmpty ? "" : ": " + span.statusMessage))
            ),
            (
                "start",
                .text(
                    UTCTime.display(nanos: span.startTimeUnixNano) + " (+" + Display.ms(span.startTimeUnixNano - trace.startTimeUnixNano)
                        + ")")
            ),
            ("duration", .text(Display.ms(span.durationNanos))),
            ("self time", .text(Display.ms(row.selfTimeNanos))),
        ]
        if !scope.name.isEmpty { facts.append(("scope", .text(scope.name + (scope.version.isEmpty ? "" : " " + scope.version)))) }
        var parts: [Node] = [
            .el("h3", children: [.el("span", ["class": "svc \(context.colour(service))"]), .text(" \(service): \(span.name)")]),
            .el(
                "table", ["class": "kv"],
                .el("tbody", children: facts.map { k, v in .el("tr", children: [.el("th", ["scope": "row"], .text(k)), .el("td", v)]) })),
            .el("h4", .text("Attributes")),
            AttributeTable.table(span.attributes) { a in
                context.varying.isNotable(service: service, name: span.name, key: a.key, value: a.value)
            },
        ]
        if !span.events.isEmpty {
            parts.append(.el("h4", .text("Events")))
            parts.append(
                .el(
                    "table", ["class": "kv"],
                    .el(
                        "tbody",
                        children: span.events.map { e in
                            .el(
                                "tr",
                                children: [
                                    .el(
                                        "th", ["scope": "row"],
                                        .text("+" + Display.ms(e.timeUnixNano - trace.startTimeUnixNano) + " " + e.name)),
                                    .el("td", AttributeTable.table(e.attributes)),
                                ])
                        })))
        }
        parts.append(logs.cardTable(logs.bySpan[span.spanID] ?? []))
        if !span.links.isEmpty {
            parts.append(.el("h4", .text("Links")))
            parts.append(
                .el(
                    "ul",
                    children: span.links.map { l in
                        let target: Node =
                            context.hasWaterfall.contains(l.traceID) && l.traceID != trace.traceID
                            ? .el("a", ["href": linker.href(.trace(l.traceID))], .el("code", .text(l.traceID.hex + " / " + l.spanID.hex)))
                            : .el("code", .text(l.traceID.hex + " / " + l.spanID.hex))
                        return .el("li", children: [target, AttributeTable.table(l.attributes)])
                    }))
        }
        parts.append(
            .el(
                "details",
                children: [
                    .el("summary", .text("Resource (\(resource.attributes.count) attributes)")),
                    AttributeTable.table(resource.attributes),
                ]))
        return .el(
            "section", ["class": "span-card", "id": linker.id("span-\(index)"), "aria-label": "\(service): \(span.name)"], children: parts)
    }
}
