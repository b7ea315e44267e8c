import Markup
import TelemetryAnalysis
import TelemetryModel

/// `traces.html`: a scatter plot of trace duration over time and the table of traces sorted by
/// duration, slowest first, bounded to `traceTableLimit` rows so a huge snapshot still makes a
/// page a browser opens quickly (the count left out is stated).
struct TracesPage {
    let context: RenderContext
    let charts: ChartFactory

    func content(_ linker: Linker) -> Node {
        let a = context.analysis
        let all = TraceAssembler.slowest(a.traces, limit: a.traces.count)
        let shown = Array(all.prefix(context.options.traceTableLimit))
        var body: [Node] = [
            .el("h1", .text("Traces")),
            .el("p", ["class": "lede"], .text("\(Display.count(a.traces.count)) traces. Duration is the time from the earliest span start to the latest span end; errors are spans with status ERROR.")),
            .el("div", ["class": "panel"], children: [
                .el("h3", .text("Trace duration over time")),
                .el("p", ["class": "method"], .text("Each point is a trace at its start time; red points have error spans. Points of traces with a waterfall page link to it.")),
                charts.traceScatter(all, context: context, linker: linker),
            ]),
        ]
        let rows: [[Node]] = shown.map { t in
            Self.traceIDCell(t, context: context, linker: linker) + [
                .text(t.rootService), .text(t.rootName),
                .el("span", ["class": "mono"], .text(UTCTime.timeOfDay(nanos: t.startTimeUnixNano))),
                .text(Display.ms(t.durationNanos)), .text(Display.count(t.spanCount)),
                t.errorCount > 0 ? .el("span", ["class": "err"], .text(String(t.errorCount))) : .text("0"),
                .text(t.services.joined(separator: ", ")),
            ]
        }
        body.append(Components.section("All traces by duration", id: linker.id("table"), [
            Components.table(headers: ["Trace", "Root service", "Root operation", "Start", "Duration", "Spans", "Errors", "Services"],
                             numeric: [4, 5, 6], rows: rows,
                             caption: shown.count < all.count
                                ? "The \(Display.count(shown.count)) slowest of \(Display.count(all.count)) traces; \(Display.count(all.count - shown.count)) faster ones are left out (all are counted in report.json's totals)."
                                : "All \(Display.count(all.count)) traces, slowest first."),
        ]))
        return .fragment(body)
    }

    /// The trace id, linked to its waterfall when it has one.
    static func traceIDCell(_ t: TraceSummary, context: RenderContext, linker: Linker) -> [Node] {
        let short = String(t.traceID.hex.prefix(12)) + "…"
        if context.hasWaterfall.contains(t.traceID) {
            return [.el("a", attrs: [("href", linker.href(.trace(t.traceID))), ("class", "mono"), ("title", t.traceID.hex)], children: [.text(short)])]
        }
        return [.el("span", attrs: [("class", "mono"), ("title", t.traceID.hex)], children: [.text(short)])]
    }
}
