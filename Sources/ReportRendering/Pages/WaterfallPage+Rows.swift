import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The waterfall's rows: nested `<details>` subtrees, each row's name, bar and inline attributes.
///
/// Written straight into a `MarkupBuffer` rather than built as `Node`s: a row is a dozen small
/// elements, and a deep trace's page has thousands (issue 7). The bytes are the ones the tree gave.
extension WaterfallPage {
    /// Subtrees fold (`<details>`) down to this depth; deeper spans are listed flat under their
    /// deepest foldable ancestor, so markup nesting stays bounded however deep a trace is.
    static let foldDepthLimit = 32

    /// The rows as nested `<details>`: a foldable row opens `<details open="open"><summary>`, its
    /// line and log list follow, and its `</details>` is written after its last descendant.
    func rows(_ tree: TraceTree, critical: Set<Int>, cards: Set<Int>, linker: Linker) -> Node {
        var out = MarkupBuffer(capacity: 256 * tree.rows.count + 256)
        // The last row of each open subtree, innermost last.
        var open: [Int] = []
        let logs = TraceLogs(context: context, trace: trace)
        for (i, row) in tree.rows.enumerated() {
            while let last = open.last, last < i {
                open.removeLast()
                out.end("details")
            }
            let foldable = row.descendantCount > 0 && row.depth < Self.foldDepthLimit
            let spanLogs = logs.bySpan[spans.spanIDs[row.spanIndex]] ?? []
            if foldable {
                out.start("details")
                out.attribute("open", literal: "open")
                out.open()
                out.start("summary")
                out.open()
            }
            rowLine(
                row, index: i, critical: critical.contains(i), hasCard: cards.contains(i), foldable: foldable, linker: linker,
                logBadge: logs.badge(spanLogs), into: &out)
            if foldable {
                out.end("summary")
                open.append(i + row.descendantCount)
            }
            out.node(logs.list(spanLogs, linker: linker, depth: row.depth))
        }
        for _ in open { out.end("details") }
        return out.finish()
    }

    func rowLine(
        _ row: TraceTree.Row, index: Int, critical: Bool, hasCard: Bool, foldable: Bool = false, linker: Linker,
        logBadge: Node = .empty, into out: inout MarkupBuffer
    ) {
        let span = spans[row.spanIndex]
        let service = context.service(span)
        let colour = context.colour(service)
        out.start("span")
        out.attributeStart("class")
        out.value(literal: "wf-row")
        if span.isError { out.value(literal: " error") }
        if critical { out.value(literal: " critical") }
        out.attributeEnd()
        out.open()

        // The name column: indentation stops growing at 40 levels; deeper rows say their depth.
        out.start("span")
        out.attribute("class", literal: "wf-name")
        out.attribute("style", "padding-left:" + NumberFormat.fixed(Double(min(row.depth, 40)) * 1.1, decimals: 1) + "em")
        out.open()
        out.start("span")
        out.attribute("class", literal: "chev")
        out.attribute("aria-hidden", literal: "true")
        out.endEmpty("span")
        Components.swatch(colour, into: &out)
        // One tab stop per row: a row that folds is reached as its <summary> (Enter folds it), so
        // its name link is left out of the tab order.
        let link: StaticString = hasCard ? "a" : "span"
        let href = hasCard ? linker.href(linker.current, "span-\(index)") : nil
        out.start(link)
        if let href { out.attribute("href", href) }
        out.attributeStart("title")
        out.value(service)
        out.value(literal: ": ")
        out.value(span.name)
        out.attributeEnd()
        if hasCard && foldable { out.attribute("tabindex", literal: "-1") }
        out.open()
        out.start("span")
        out.attribute("class", literal: "muted")
        out.open()
        out.text(service)
        out.text(literal: ": ")
        out.end("span")
        out.text(span.name)
        out.end(link)
        out.start("span")
        out.attribute("class", literal: "attrs")
        out.open()
        for key in context.varying.keys(service: service, name: span.name) {
            guard let v = span.attributes[key: key] else { continue }
            out.start("span")
            if context.varying.isNotable(service: service, name: span.name, key: key, value: v) {
                out.attribute("class", literal: "notable")
            }
            out.open()
            out.text(AttributeTable.inline(key, v))
            out.end("span")
            out.text(literal: " ")
        }
        out.end("span")
        if span.isError {
            out.start("span")
            out.attribute("class", literal: "err")
            out.open()
            out.text(literal: " error")
            out.end("span")
        }
        if row.isOrphan { flag("⚠ orphan", title: "parent span not in the snapshot", into: &out) }
        if row.depth > 40 {
            out.start("span")
            out.attribute("class", literal: "wf-flag")
            out.open()
            out.text("depth \(row.depth)")
            out.end("span")
        }
        if row.outsideParent {
            flag(
                "⚠ outside parent", title: "starts before or ends after its parent: clock skew or asynchronous work", into: &out)
        }
        out.node(logBadge)
        out.end("span")

        // The track: the bar, the events' marks, the duration.
        out.start("span")
        out.attribute("class", literal: "wf-track")
        out.open()
        // A bar with a detail card links to it (clicking a bar selects its span rather than
        // folding the subtree, as a click inside <summary> otherwise would); it is no extra tab
        // stop, the name link already leads there.
        out.start(link)
        out.attributeStart("class")
        out.value(literal: "wf-bar ")
        out.value(colour)
        out.attributeEnd()
        out.attributeStart("style")
        out.value(literal: "left:")
        out.value(percent(span.startTimeUnixNano))
        out.value(literal: ";width:")
        out.value(NumberFormat.fixed(Double(span.durationNanos) / Double(max(trace.durationNanos, 1)) * 100, decimals: 3))
        out.value(literal: "%")
        out.attributeEnd()
        out.attribute(
            "title",
            "\(service): \(span.name) — \(NumberFormat.duration(nanos: span.durationNanos, .table)) (self \(NumberFormat.duration(nanos: row.selfTimeNanos, .table))), starts at +\(NumberFormat.duration(nanos: span.startTimeUnixNano - trace.startTimeUnixNano, .table))"
        )
        if let href {
            out.attribute("href", href)
            out.attribute("tabindex", literal: "-1")
        }
        out.endEmpty(link)
        for e in span.events.prefix(50) {
            out.start("span")
            out.attribute("class", literal: "wf-event")
            out.attribute("style", "left:" + percent(e.timeUnixNano))
            out.attribute(
                "title", "event \(e.name) at +\(NumberFormat.duration(nanos: e.timeUnixNano - trace.startTimeUnixNano, .table))")
            out.endEmpty("span")
        }
        // The duration label sits after the bar, or inside its right end when the bar reaches
        // the right edge, so it is never cut off.
        let endShare = Double(span.endTimeUnixNano - trace.startTimeUnixNano) / Double(max(trace.durationNanos, 1)) * 100
        out.start("span")
        out.attribute("class", literal: endShare > 80 ? "wf-dur inside" : "wf-dur")
        out.attribute(
            "style",
            endShare > 80
                ? "right:" + NumberFormat.fixed(max(0, 100 - endShare), decimals: 3) + "%"
                : "left:" + NumberFormat.fixed(endShare, decimals: 3) + "%")
        out.open()
        out.text(NumberFormat.duration(nanos: span.durationNanos, .table))
        out.end("span")
        out.end("span")
        out.end("span")
    }

    /// A row's warning flag, with the reason as its title.
    private func flag(_ text: String, title: String, into out: inout MarkupBuffer) {
        out.start("span")
        out.attribute("class", literal: "wf-flag")
        out.attribute("title", title)
        out.open()
        out.text(text)
        out.end("span")
    }
}
