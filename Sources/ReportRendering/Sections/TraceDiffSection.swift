import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The waterfall page's comparison with the typical trace of its root operation
/// (`TraceBaselines`, `TraceDiff`): per span path the calls, summed duration and self time in
/// each trace, what was added, removed, multiplied or slowed highlighted, sorted by the time it
/// adds, with a link to the typical trace's own page.
struct TraceDiffSection {
    let context: RenderContext
    let trace: TraceSummary
    /// Paths listed at most; the rest are counted.
    static let rowLimit = 200

    func content(_ linker: Linker) -> Node {
        let a = context.analysis
        let root = "\(trace.rootService): \(trace.rootName)"
        let n = a.baselines.operationCount(of: trace)
        let method = Components.methodNote(
            "The typical trace of a root operation (root service and span name) is the one at nearest rank ⌈0.5·n⌉ of its n traces sorted by duration, then trace id. Spans are matched by their path of service and span name from the root, repeated ones in start order; per path, calls, summed duration and summed self time (span time no child covers) in each trace. Added: only in this trace; removed: only in the typical one; multiplied: at least twice the calls; slower: the calls matched in start order took at least 1.5× as long and 1 ms more. Sorted by the self time each path adds."
        )
        guard let baseline = a.baselines.baseline(of: trace, in: a.traces) else {
            let text =
                n <= 1
                ? "This is the only \(root) trace: there is nothing typical to compare it with."
                : "This is the typical \(root) trace (the nearest-rank median of \(NumberFormat.count(n)) by duration): other traces of the operation are compared with it."
            return Components.section("Against the typical trace", id: linker.id("diff"), [.el("p", .text(text))])
        }
        let diff = TraceDiff(snapshot: a.snapshot, trace: trace, baseline: baseline)
        let delta = trace.durationNanos - baseline.durationNanos
        let ratio = Double(trace.durationNanos) / Double(max(baseline.durationNanos, 1))
        let link: Node =
            context.hasWaterfall.contains(baseline.traceID)
            ? .el("a", ["href": linker.href(.trace(baseline.traceID)), "class": "diff-baseline"], .el("code", .text(baseline.traceID.hex)))
            : .el("code", .text(baseline.traceID.hex))
        var counts: [TraceDiff.Change: Int] = [:]
        for r in diff.rows { counts[r.change, default: 0] += 1 }
        let summary = [TraceDiff.Change.added, .removed, .multiplied, .slower].compactMap { c -> String? in
            guard let k = counts[c], k > 0 else { return nil }
            return "\(NumberFormat.count(k)) \(c.rawValue)"
        }
        var parts: [Node] = [
            .el(
                "p",
                children: [
                    .text("Typical \(root) trace (the nearest-rank median of \(NumberFormat.count(n)) by duration): "), link,
                    .text(
                        ", \(NumberFormat.duration(nanos: baseline.durationNanos, .table)) and \(NumberFormat.count(baseline.spanCount)) spans. This trace: \(NumberFormat.duration(nanos: trace.durationNanos, .table)) and \(NumberFormat.count(trace.spanCount)) spans, "
                            + (delta >= 0
                                ? "\(NumberFormat.duration(nanos: delta, .table)) more"
                                : "\(NumberFormat.duration(nanos: -delta, .table)) less")
                            + " (\(NumberFormat.fixed(ratio, decimals: ratio < 10 ? 2 : 1))×)."
                            + (summary.isEmpty
                                ? " No path was added, removed, multiplied or slowed." : " Paths: " + summary.joined(separator: ", ") + ".")
                    ),
                ]),
            method,
        ]
        parts.append(table(diff.rows.prefix(Self.rowLimit), id: linker.id("diff-table")))
        if diff.rows.count > Self.rowLimit {
            parts.append(
                Components.methodNote("The first \(Self.rowLimit) of \(NumberFormat.count(diff.rows.count)) paths are listed."))
        }
        return Components.section("Against the typical trace", id: linker.id("diff"), parts)
    }

    static let headers = ["Path", "Time added", "Change", "Calls", "Self, typical", "Self, this", "Duration, typical", "Duration, this"]
    /// The right-aligned columns: all but the path and the change.
    static let numeric: Set<Int> = [1, 3, 4, 5, 6, 7]

    /// The paths' table, in `Components.table`'s layout (`tableStart`, `cellStart`, `tableEnd`),
    /// its rows written straight into bytes: a deep trace's page has a row for each
    /// of its paths, each a dozen elements (`MarkupBuffer`, issue 7).
    func table(_ rows: ArraySlice<TraceDiff.Row>, id: String) -> Node {
        var out = MarkupBuffer(capacity: 1024 * rows.count + 1024)
        Components.tableStart(Self.headers, numeric: Self.numeric, id: id, into: &out)
        for r in rows {
            let last = r.path.last!
            out.start("tr")
            out.open()
            Components.cellStart(numeric: false, into: &out)
            out.start("span")
            out.attribute("class", literal: "diff-path")
            out.attribute("style", "padding-left:" + NumberFormat.fixed(Double(min(r.path.count - 1, 12)) * 0.8, decimals: 1) + "em")
            out.attributeStart("title")
            Self.path(r.path, into: &out)
            out.attributeEnd()
            out.open()
            // The parent's name says which of two same-named paths this is.
            if r.path.count > 1 {
                out.start("span")
                out.attribute("class", literal: "muted via")
                out.open()
                out.text(r.path[r.path.count - 2].name + " › ")
                out.end("span")
            }
            Components.swatch(context.colour(last.service), into: &out)
            out.start("span")
            out.attribute("class", literal: "muted")
            out.open()
            out.text(last.service)
            out.text(literal: ": ")
            out.end("span")
            out.text(last.name)
            out.end("span")
            out.end("td")
            Self.number((r.timeAddedNanos >= 0 ? "+" : "−") + NumberFormat.duration(nanos: abs(r.timeAddedNanos), .table), into: &out)
            Components.cellStart(numeric: false, into: &out)
            change(r, into: &out)
            out.end("td")
            Self.number("\(NumberFormat.count(r.baseline.count)) → \(NumberFormat.count(r.trace.count))", into: &out)
            Self.number(r.baseline.count > 0 ? NumberFormat.duration(nanos: r.baseline.selfNanos, .table) : "–", into: &out)
            Self.number(r.trace.count > 0 ? NumberFormat.duration(nanos: r.trace.selfNanos, .table) : "–", into: &out)
            Self.number(r.baseline.count > 0 ? NumberFormat.duration(nanos: r.baseline.durationNanos, .table) : "–", into: &out)
            Self.number(r.trace.count > 0 ? NumberFormat.duration(nanos: r.trace.durationNanos, .table) : "–", into: &out)
            out.end("tr")
        }
        Components.tableEnd(into: &out)
        return out.finish()
    }

    /// `<td class="num">text</td>`.
    static func number(_ text: String, into out: inout MarkupBuffer) {
        Components.cellStart(numeric: true, into: &out)
        out.text(text)
        out.end("td")
    }

    /// "service: name › service: name › …" as an attribute value's pieces: a path is as deep
    /// as its span, so a deep trace's rows hold many steps, and a string for each step joined
    /// into a new one was a third of this section's time on traces of 50 spans (issue 7); the
    /// pieces go straight into the page.
    static func path(_ path: [TraceDiff.Step], into out: inout MarkupBuffer) {
        for (k, step) in path.enumerated() {
            if k > 0 { out.value(" › ") }
            out.value(step.service)
            out.value(literal: ": ")
            out.value(step.name)
        }
    }

    func change(_ r: TraceDiff.Row, into out: inout MarkupBuffer) {
        let text: String
        switch r.change {
        case .added: text = "added"
        case .removed: text = "removed"
        case .multiplied: text = "×\(NumberFormat.fixed(Double(r.trace.count) / Double(max(r.baseline.count, 1)), decimals: 1)) calls"
        case .slower:
            text = "slower \(NumberFormat.fixed(Double(r.pairedTraceNanos) / Double(max(r.pairedBaselineNanos, 1)), decimals: 1))×"
        case .same: return
        }
        out.start("span")
        out.attributeStart("class")
        out.value(literal: "tag diff-")
        out.value(r.change.rawValue)
        out.attributeEnd()
        out.open()
        out.text(text)
        out.end("span")
    }
}
