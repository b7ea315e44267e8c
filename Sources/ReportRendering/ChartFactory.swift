import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel

/// Turns analysis results (panels, traces) into charts: the only place that knows both.
struct ChartFactory {
    static func unit(_ panelUnit: String) -> ValueUnit {
        switch panelUnit {
        case "ms": return .milliseconds
        case "percent": return .percent
        case "bytes": return .bytes
        case "ratio": return .ratio
        case "perSecond": return .perSecond
        case "seconds": return .seconds
        case "count": return .count
        default: return .plain(panelUnit)
        }
    }

    /// A panel's chart with legend and data table, or a plain statement when it has no data.
    func panel(_ panel: Panel, grid: TimeGrid?, emptyReason: String) -> Node {
        guard panel.hasData else {
            return .el("div", ["class": "nodata"], .text(emptyReason))
        }
        let chart = LineChart(
            title: panel.title, unit: Self.unit(panel.unit),
            series: panel.series.map { s in
                ChartSeries(name: s.name, points: s.points.map { ChartPoint(x: Double($0.time), y: $0.value) })
            },
            markers: panel.markers.map { ChartMarker(x: Double($0.time), label: $0.label) },
            xDomain: grid.map { (Double($0.firstSeconds), Double($0.lastSeconds)) })
        return chart.render()
    }

    /// Trace duration (ms) over start time; error traces red; points link to waterfalls.
    func traceScatter(_ traces: [TraceSummary], context: RenderContext, linker: Linker) -> Node {
        let limit = 5000
        let shown = traces.prefix(limit)
        let points: [ScatterPoint] = shown.map { t in
            ScatterPoint(x: Double(t.startTimeUnixNano) / 1e9, y: Double(t.durationNanos) / 1e6,
                         cssClass: t.errorCount > 0 ? "error" : nil,
                         href: context.hasWaterfall.contains(t.traceID) ? linker.href(.trace(t.traceID)) : nil,
                         title: "\(t.rootService): \(t.rootName) — \(Display.ms(t.durationNanos)) at \(UTCTime.display(nanos: t.startTimeUnixNano))")
        }
        let chart = ScatterChart(title: "Trace duration over time", unit: .milliseconds, points: points,
                                 legend: [LegendEntry(name: "ok", cssClass: "s0"), LegendEntry(name: "error (has error spans)", cssClass: "error")],
                                 logScale: false)
        var nodes: [Node] = [chart.render()]
        if traces.count > limit {
            nodes.append(.el("p", ["class": "method"], .text("The \(limit) slowest of \(traces.count) traces are plotted.")))
        }
        return .fragment(nodes)
    }
}
