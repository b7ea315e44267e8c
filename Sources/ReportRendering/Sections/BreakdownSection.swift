import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The slow-against-rest breakdowns on `compare.html` (`SlowTraceBreakdown`): per root operation
/// with at least 20 traces, a diverging bar chart of the critical-path time each operation adds
/// per trace in the slowest 5%, and the ranked table of mean self and critical-path times.
struct BreakdownSection {
    let context: RenderContext
    /// Root operations shown (the rest are counted), and rows per table and bars per chart.
    static let operationLimit = 30
    static let rowLimit = 25
    static let barLimit = 12

    func content(_ linker: Linker) -> Node {
        let all = context.analysis.breakdowns
        var parts: [Node] = [
            Components.methodNote(
                "Per root operation (root service and span name) with at least 20 traces: the traces at or above its nearest-rank p95 duration (the slowest 5%) against the rest. For each service and span name, the mean per trace of its self time (span time no child covers) and of its time on the critical path (as the waterfalls mark it, Jaeger UI's definition), in each group; a trace without the operation counts 0. The critical path runs once from the root's start to its end, so the operations' differences add up to the extra time of the slow traces; Share is each one's part of it."
            )
        ]
        guard !all.isEmpty else {
            parts.append(.el("div", ["class": "nodata"], .text("No root operation has 20 traces.")))
            return Components.section("Where the time of the slowest 5% goes", id: linker.id("breakdowns"), parts)
        }
        for (i, b) in all.prefix(Self.operationLimit).enumerated() { parts.append(breakdown(b, index: i, linker: linker)) }
        if all.count > Self.operationLimit {
            parts.append(Components.leftOut(all.count - Self.operationLimit, "root operations"))
        }
        return Components.section("Where the time of the slowest 5% goes", id: linker.id("breakdowns"), parts)
    }

    func breakdown(_ b: SlowTraceBreakdown, index: Int, linker: Linker) -> Node {
        let bars = b.rows.prefix(Self.barLimit).map { r in
            DivergingBarChart.Bar(
                label: "\(r.service): \(r.operation)", value: r.extraCriticalNanos / 1e6,
                title:
                    "\(r.service): \(r.operation) — \(NumberFormat.duration(meanNanos: r.slowCriticalNanos, .table)) against \(NumberFormat.duration(meanNanos: r.restCriticalNanos, .table)) on the critical path per trace (\(NumberFormat.percent(r.share, .tenths)) of the extra time)"
            )
        }
        let rows: [[Node]] = b.rows.prefix(Self.rowLimit).enumerated().map { k, r in
            [
                .text(String(k + 1)), .text(r.service), .text(r.operation),
                .text(NumberFormat.duration(meanNanos: r.slowSelfNanos, .table)),
                .text(NumberFormat.duration(meanNanos: r.restSelfNanos, .table)),
                .text(NumberFormat.duration(meanNanos: r.slowCriticalNanos, .table)),
                .text(NumberFormat.duration(meanNanos: r.restCriticalNanos, .table)),
                .text(NumberFormat.duration(meanNanos: r.extraCriticalNanos, .table)), .text(NumberFormat.percent(r.share, .tenths)),
            ]
        }
        var parts: [Node] = [
            .el("h3", .text("\(b.rootService): \(b.rootName)")),
            Components.methodNote(
                "\(NumberFormat.count(b.slowCount)) slow traces (≥ \(NumberFormat.duration(nanos: b.slowThresholdNanos, .table))), mean \(NumberFormat.duration(meanNanos: b.slowMeanDurationNanos, .table)); \(NumberFormat.count(b.restCount)) others, mean \(NumberFormat.duration(meanNanos: b.restMeanDurationNanos, .table)). Extra critical-path time per slow trace: \(NumberFormat.duration(meanNanos: b.extraCriticalNanos, .table))."
                    + (b.restSampled < b.restCount
                        ? " Times of the others are from every \(NumberFormat.count((b.restCount + SlowTraceBreakdown.restLimit - 1) / SlowTraceBreakdown.restLimit))th of them (\(NumberFormat.count(b.restSampled)))."
                        : "")),
            DivergingBarChart(
                title: "Critical-path time added per slow trace, \(b.rootService): \(b.rootName)", unit: .milliseconds, bars: Array(bars)
            ).render(),
            Components.table(
                headers: ["#", "Service", "Operation", "Self, slow", "Self, rest", "Critical, slow", "Critical, rest", "Added", "Share"],
                numeric: [0, 3, 4, 5, 6, 7, 8], rows: rows),
        ]
        if b.rows.count > Self.rowLimit {
            parts.append(Components.leftOut(b.rows.count - Self.rowLimit, "operations"))
        }
        return .el(
            "section",
            ["class": "panel", "id": linker.id("breakdown-\(index)"), "aria-label": "slowest 5% of \(b.rootService): \(b.rootName)"],
            children: parts)
    }
}
