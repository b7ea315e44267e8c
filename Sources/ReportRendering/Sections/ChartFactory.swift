import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

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

    /// Latency is long-tailed: when the largest value is more than 100 times the median of the
    /// positive values, a linear axis squashes everything but the tail into one line, so such
    /// durations get a log axis (and the page says so).
    static func wantsLogScale(unit: String, values: [Double]) -> Bool {
        guard unit == "ms" else { return false }
        let positive = values.filter { $0 > 0 }.sorted()
        guard positive.count >= 10, let top = positive.last else { return false }
        return top > 100 * positive[(positive.count - 1) / 2]
    }

    /// More restart markers than this would hide the chart; they are then listed in `report.json` only.
    static let markerLimit = 20

    /// When series differ only by `instance` (a process restarted), the same labels get the same
    /// colour, so a line visibly continues across the restart; otherwise nil (colour by position).
    static func colourByLabels(_ series: [TimeSeries]) -> [String: String] {
        guard series.contains(where: { $0.labels["instance"] != nil }) else { return [:] }
        var keys: [String] = []
        var result: [String: String] = [:]
        for s in series {
            var labels = s.labels
            labels["instance"] = nil
            let key = labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",") + (s.name == "total" ? "total" : "")
            if !keys.contains(key) { keys.append(key) }
            result[s.name] = "s\(keys.firstIndex(of: key)! % 10)"
        }
        return result
    }

    /// One legend entry per colour when series share colours across instances: `user (3 instances)`.
    static func legend(_ series: [TimeSeries], colours: [String: String]) -> Node {
        var entries: [LegendEntry] = []
        var counts: [String: Int] = [:]
        for s in series { counts[colours[s.name] ?? "", default: 0] += 1 }
        for s in series {
            let cls = colours[s.name] ?? "s0"
            guard !entries.contains(where: { $0.cssClass == cls }) else { continue }
            var labels = s.labels
            labels["instance"] = nil
            let base =
                s.name == "total" ? "total" : (labels.isEmpty ? s.name : labels.keys.sorted().map { labels[$0]! }.joined(separator: " "))
            let n = counts[cls] ?? 1
            entries.append(LegendEntry(name: n > 1 ? "\(base) (\(n) instances)" : base, cssClass: cls))
        }
        return LegendEntry.list(entries)
    }

    /// At most this many series are drawn in one chart; `report.json` keeps them all.
    static let seriesLimit = 12

    /// The series worth drawing when a panel has too many (hundreds of replicas): "total" when
    /// present, then those with the highest peaks, in the panel's order.
    static func drawnSeries(_ series: [TimeSeries]) -> [TimeSeries] {
        guard series.count > seriesLimit else { return series }
        // Each series' peak once, not per comparison (100,000 series sorted with the peak
        // recomputed in the comparator took seconds).
        let peaks = series.map { s in s.points.reduce(-Double.infinity) { m, p in p.value.map { Swift.max(m, $0) } ?? m } }
        let ranked = series.indices.sorted { a, b in
            let (ta, tb) = (series[a].name == "total", series[b].name == "total")
            if ta != tb { return ta }
            let (pa, pb) = (peaks[a], peaks[b])
            return pa != pb ? pa > pb : a < b
        }
        return ranked.prefix(seriesLimit).sorted().map { series[$0] }
    }

    /// The line chart of a panel, shared by the dashboard pages and the overview: at most
    /// `seriesLimit` series and `markerLimit` markers, colours shared across instances, a log
    /// axis for long-tailed durations.
    static func lineChart(
        _ panel: Panel, grid: TimeGrid?, width: Int = 800, height: Int = 260,
        maxPointTitles: Int = 500
    ) -> (chart: LineChart, series: [TimeSeries], colours: [String: String]) {
        let series = drawnSeries(panel.series)
        let colours = colourByLabels(series)
        let chart = LineChart(
            title: panel.title, unit: unit(panel.unit),
            series: series.map { s in
                ChartSeries(name: s.name, points: s.points.map { ChartPoint(x: Double($0.time), y: $0.value) }, cssClass: colours[s.name])
            },
            markers: panel.markers.count <= markerLimit ? panel.markers.map { ChartMarker(x: Double($0.time), label: $0.label) } : [],
            logScale: wantsLogScale(unit: panel.unit, values: series.flatMap { $0.points.compactMap(\.value) }),
            xDomain: grid.map { (Double($0.firstSeconds), Double($0.lastSeconds)) },
            maxPointTitles: maxPointTitles, width: width, height: height)
        return (chart, series, colours)
    }

    /// The chart's legend: one entry per colour when instances share one.
    static func legend(_ chart: LineChart, series: [TimeSeries], colours: [String: String]) -> Node {
        colours.isEmpty ? chart.legend() : legend(series, colours: colours)
    }

    /// A panel's chart with legend and data table, or a plain statement when it has no data.
    func panel(_ panel: Panel, grid: TimeGrid?, emptyReason: String) -> Node {
        guard panel.hasData else {
            return .el("div", ["class": "nodata"], .text(emptyReason))
        }
        let (chart, series, colours) = Self.lineChart(panel, grid: grid)
        var notes: [Node] = []
        if panel.series.count > series.count {
            notes.append(
                Components.methodNote(
                    "\(series.count) of \(panel.series.count) series drawn (the total and the highest peaks); report.json holds all of them."
                ))
        }
        if panel.markers.count > Self.markerLimit {
            notes.append(
                Components.methodNote("\(panel.markers.count) restarts, too many to mark; report.json lists their times."))
        }
        if chart.logScale {
            notes.append(Components.methodNote("Log scale: the largest value is more than 100 times the median."))
        }
        return .fragment(
            notes + [
                ChartFigure.figure(
                    title: chart.title, chart.svg(), Self.legend(chart, series: series, colours: colours), chart.dataTable())
            ])
    }

    /// A small chart of a panel for the overview: the picture and its legend, no data table
    /// (the dashboard page it links to has that).
    func mini(_ panel: Panel, grid: TimeGrid?) -> Node? {
        guard panel.hasData else { return nil }
        let (chart, series, colours) = Self.lineChart(panel, grid: grid, width: 640, height: 220, maxPointTitles: 0)
        return .fragment([chart.svg(), Self.legend(chart, series: series, colours: colours)])
    }

    /// Trace duration (ms) over start time; error traces red; points link to waterfalls.
    /// Traces (slowest first) over time. Each point's `data-i` is its trace's position in
    /// `traces`, when below `indexedBelow` (the trace records the page embeds), so the trace
    /// page's script can dim what a filter leaves out.
    func traceScatter<Traces: RandomAccessCollection<TraceSummary>>(
        _ traces: Traces, indexedBelow: Int = 0, context: RenderContext, linker: Linker
    ) -> Node where Traces.Index == Int {
        // Bounded for a page that opens fast: the 1,000 slowest traces (those worth clicking),
        // and of the rest an even sample, so the bulk of the traffic still shows.
        let limit = 2000
        let slowest = traces.prefix(limit / 2).enumerated().map { (index: $0.offset, trace: $0.element) }
        let rest = traces.dropFirst(limit / 2)
        let step = max(1, (rest.count + limit / 2 - 1) / (limit / 2))
        // Every `step`-th of the rest, by position (the others are not touched).
        let sample = stride(from: rest.startIndex, to: rest.endIndex, by: step).map {
            (index: limit / 2 + ($0 - rest.startIndex), trace: traces[$0])
        }
        let shown = slowest + sample
        let points: [ScatterPoint] = shown.map { i, t in
            ScatterPoint(
                x: Double(t.startTimeUnixNano) / 1e9, y: Double(t.durationNanos) / 1e6,
                cssClass: t.errorCount > 0 ? "error" : nil,
                href: context.hasWaterfall.contains(t.traceID) ? linker.href(.trace(t.traceID)) : nil,
                title:
                    "\(t.rootService): \(t.rootName) — \(NumberFormat.duration(nanos: t.durationNanos, .table)) at \(UTCTime.display(nanos: t.startTimeUnixNano))",
                dataIndex: i < indexedBelow ? i : nil)
        }
        let log = Self.wantsLogScale(unit: "ms", values: points.map(\.y))
        var chart = ScatterChart(
            title: "Trace duration over time", unit: .milliseconds, points: points,
            legend: [LegendEntry(name: "ok", cssClass: "s0"), LegendEntry(name: "error (has error spans)", cssClass: "error")],
            logScale: log)
        // The page's script adds the traces a filter finds that the sample left out, on the same
        // axes: they cover every trace, and the scales are written on the chart.
        chart.exposesScales = indexedBelow > 0
        if traces.count > shown.count {
            chart.xDomain = TimeScale.domain(covering: traces.map { Double($0.startTimeUnixNano) / 1e9 })
            chart.extentValues = traces.map { Double($0.durationNanos) / 1e6 }
        }
        var nodes: [Node] = [chart.render()]
        if log {
            nodes.insert(Components.methodNote("Log scale: the slowest trace takes more than 100 times the median."), at: 0)
        }
        if traces.count > shown.count {
            nodes.append(
                Components.methodNote(
                    "Plotted: the \(slowest.count) slowest of \(traces.count) traces, and every \(Self.ordinal(step)) of the others (\(sample.count))."
                ))
        }
        return .fragment(nodes)
    }

    /// "2nd", "3rd", "11th", "21st".
    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}
