import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The waterfall's rows: nested `<details>` subtrees, each row's name, bar and inline attributes.
extension WaterfallPage {
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
            "\(service): \(span.name) — \(NumberFormat.duration(nanos: span.durationNanos, .table)) (self \(NumberFormat.duration(nanos: row.selfTimeNanos, .table))), starts at +\(NumberFormat.duration(nanos: span.startTimeUnixNano - trace.startTimeUnixNano, .table))"
        let events: [Node] = span.events.prefix(50).map { e in
            .el(
                "span",
                [
                    "class": "wf-event", "style": "left:" + percent(e.timeUnixNano),
                    "title": "event \(e.name) at +\(NumberFormat.duration(nanos: e.timeUnixNano - trace.startTimeUnixNano, .table))",
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
                            .text(NumberFormat.duration(nanos: span.durationNanos, .table)))
                    ]),
            ])
    }
}
