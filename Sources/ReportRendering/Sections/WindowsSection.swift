import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// After against before on `compare.html` (`WindowComparison`): each operation's request rate,
/// error rate and p50/p99 in the baseline window and the target window, and for the focus
/// service's operations the attribute whose value shares moved most between them.
struct WindowsSection {
    let context: RenderContext
    static let rowLimit = 60

    func content(_ linker: Linker) -> Node {
        guard let w = context.analysis.windows else {
            return Components.section(
                "After against before", id: linker.id("windows"),
                [.el("div", ["class": "nodata"], .text("The snapshot has no time range."))])
        }
        let b = w.windows.baseline, t = w.windows.target
        let focus = context.analysis.focusService
        // The focus service's operations first, then the others, by service and name.
        let ordered = w.operations.filter { $0.service == focus } + w.operations.filter { $0.service != focus }
        let rows: [[Node]] = ordered.prefix(Self.rowLimit).map { o in
            let top = o.attributes.first
            let topGroup = top.flatMap { c in c.groups.first { $0.value == c.topValue } }
            let attribute: Node =
                top.map { c in
                    .el(
                        "span",
                        children: [
                            .el("code", .text(Display.truncated(c.attribute + "=" + c.topValue, limit: 50).text)),
                            .text(
                                " " + NumberFormat.percent(topGroup?.restShare ?? 0, .tenths) + " → "
                                    + NumberFormat.percent(topGroup?.slowShare ?? 0, .tenths)
                                    + " (score " + NumberFormat.fixed(c.score, decimals: 2) + ")"),
                        ])
                } ?? .text("–")
            return [
                .text(o.service), .text(o.operation),
                .text(Self.rate(o.baseline)), .text(Self.rate(o.target)),
                .text(Self.errors(o.baseline)), .text(Self.errors(o.target)),
                .text(o.baseline.p50Nanos.map { NumberFormat.duration(nanos: $0, .table) } ?? "–"),
                .text(o.target.p50Nanos.map { NumberFormat.duration(nanos: $0, .table) } ?? "–"),
                .text(o.baseline.p99Nanos.map { NumberFormat.duration(nanos: $0, .table) } ?? "–"),
                .text(o.target.p99Nanos.map { NumberFormat.duration(nanos: $0, .table) } ?? "–"),
                attribute,
            ]
        }
        var parts: [Node] = [
            Components.methodNote(
                "Baseline \(UTCTime.display(nanos: b.lowerBound)) – \(UTCTime.display(nanos: b.upperBound)) UTC against target \(UTCTime.display(nanos: t.lowerBound)) – \(UTCTime.display(nanos: t.upperBound)) UTC ("
                    + (context.analysis.windows.map { _ in "" } ?? "")
                    + "by default the first third of the snapshot against the last, as the latency-tail finding compares them; render --baseline-from/--baseline-to set the baseline, and the target is the time after it). A span counts in the window holding its end time. Rate: spans per second of the window; errors: error spans ÷ spans; p50/p99 nearest rank. Attribute: for the focus service's operations with at least 20 spans in each window, the span or resource attribute value whose share of the spans moved most between the windows, scored as the ranking above scores slow against other spans (share difference less its 95% margin of error)."
            ),
            Components.table(
                headers: [
                    "Service", "Operation", "Rate, before", "Rate, after", "Errors, before", "Errors, after", "p50, before", "p50, after",
                    "p99, before", "p99, after", "Attribute that moved",
                ],
                numeric: Set(2...9), rows: rows),
        ]
        if ordered.count > Self.rowLimit {
            parts.append(Components.leftOut(ordered.count - Self.rowLimit, "operations"))
        }
        return Components.section("After against before", id: linker.id("windows"), parts)
    }

    static func rate(_ s: WindowComparison.Stats) -> String { ValueUnit.perSecond.format(s.requestRate) }

    static func errors(_ s: WindowComparison.Stats) -> String {
        s.count == 0 ? "–" : NumberFormat.percent(s.errorRate, .tenths)
    }
}
