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
        let rows: [[Node]] = diff.rows.prefix(Self.rowLimit).map { r in
            let last = r.path.last!
            let indent = "padding-left:" + NumberFormat.fixed(Double(min(r.path.count - 1, 12)) * 0.8, decimals: 1) + "em"
            let full = Self.pathText(r.path)
            return [
                .el(
                    "span", ["class": "diff-path", "style": indent, "title": full],
                    children: [
                        // The parent's name says which of two same-named paths this is.
                        r.path.count > 1 ? .el("span", ["class": "muted via"], .text(r.path[r.path.count - 2].name + " › ")) : .empty,
                        .el("span", ["class": "svc \(context.colour(last.service))", "aria-hidden": "true"]),
                        .el("span", ["class": "muted"], .text("\(last.service): ")), .text(last.name),
                    ]),
                .text((r.timeAddedNanos >= 0 ? "+" : "−") + NumberFormat.duration(nanos: abs(r.timeAddedNanos), .table)),
                change(r),
                .text("\(NumberFormat.count(r.baseline.count)) → \(NumberFormat.count(r.trace.count))"),
                .text(r.baseline.count > 0 ? NumberFormat.duration(nanos: r.baseline.selfNanos, .table) : "–"),
                .text(r.trace.count > 0 ? NumberFormat.duration(nanos: r.trace.selfNanos, .table) : "–"),
                .text(r.baseline.count > 0 ? NumberFormat.duration(nanos: r.baseline.durationNanos, .table) : "–"),
                .text(r.trace.count > 0 ? NumberFormat.duration(nanos: r.trace.durationNanos, .table) : "–"),
            ]
        }
        parts.append(
            Components.table(
                headers: ["Path", "Time added", "Change", "Calls", "Self, typical", "Self, this", "Duration, typical", "Duration, this"],
                numeric: [1, 3, 4, 5, 6, 7], rows: rows, id: linker.id("diff-table")))
        if diff.rows.count > Self.rowLimit {
            parts.append(
                Components.methodNote("The first \(Self.rowLimit) of \(NumberFormat.count(diff.rows.count)) paths are listed."))
        }
        return Components.section("Against the typical trace", id: linker.id("diff"), parts)
    }

    /// "service: name › service: name › …", written into one string: a path is as deep as its
    /// span, so a deep trace's rows hold many steps, and a string for each step joined into a
    /// new one was a third of this section's time on traces of 50 spans (issue 7).
    static func pathText(_ path: [TraceDiff.Step]) -> String {
        var text = ""
        text.reserveCapacity(path.reduce(0) { $0 + $1.service.utf8.count + $1.name.utf8.count + 7 })
        for (k, step) in path.enumerated() {
            if k > 0 { text += " › " }
            text += step.service
            text += ": "
            text += step.name
        }
        return text
    }

    func change(_ r: TraceDiff.Row) -> Node {
        let text: String
        switch r.change {
        case .added: text = "added"
        case .removed: text = "removed"
        case .multiplied: text = "×\(NumberFormat.fixed(Double(r.trace.count) / Double(max(r.baseline.count, 1)), decimals: 1)) calls"
        case .slower:
            text = "slower \(NumberFormat.fixed(Double(r.pairedTraceNanos) / Double(max(r.pairedBaselineNanos, 1)), decimals: 1))×"
        case .same: return .text("")
        }
        return .el("span", ["class": "tag diff-\(r.change.rawValue)"], .text(text))
    }
}
