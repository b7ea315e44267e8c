import Markup
import Vocabulary

/// A time-series chart: several series over a UTC time axis, with gaps where values are
/// missing, markers for events, and hover titles on points. Used for CPU%, memory, latency
/// percentiles, error and request rates (DESIGN §5).
///
/// ```swift
/// let chart = LineChart(title: "Memory (RSS)", unit: .bytes, series: [
///     ChartSeries(name: "rss", points: [ChartPoint(x: 1_700_000_000, y: 1.2e8), …]),
/// ], markers: [ChartMarker(x: 1_700_000_600, label: "restart")])
/// page.append(chart.render())   // <figure class="chart"> svg + legend + data table
/// ```
public struct LineChart: Sendable {
    public var title: String
    public var unit: ValueUnit
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    /// Log10 y axis, for long-tailed latency; zero and negative values become gaps.
    public var logScale: Bool
    /// Include zero in a linear y axis (a soft minimum: negative data still shows).
    public var zeroBaseline: Bool
    /// The y axis title; the unit's name when nil.
    public var yLabel: String?
    /// A fixed time window (unix seconds), so the panels of a dashboard line up; points outside
    /// it are not drawn. The data's own range when nil.
    public var xDomain: (start: Double, end: Double)?
    /// Hover circles with a `<title>` are drawn for a series only up to this many points, to keep
    /// pages small; the data table still holds every value.
    public var maxPointTitles: Int
    public var width: Int
    public var height: Int

    public init(
        title: String, unit: ValueUnit, series: [ChartSeries], markers: [ChartMarker] = [],
        logScale: Bool = false, zeroBaseline: Bool = true, yLabel: String? = nil,
        xDomain: (start: Double, end: Double)? = nil, maxPointTitles: Int = 500,
        width: Int = 800, height: Int = 260
    ) {
        self.title = title
        self.unit = unit
        self.series = series
        self.markers = markers
        self.logScale = logScale
        self.zeroBaseline = zeroBaseline
        self.yLabel = yLabel
        self.xDomain = xDomain
        self.maxPointTitles = maxPointTitles
        self.width = width
        self.height = height
    }

    /// The chart, its legend and its data table in a `<figure class="chart">` with a caption.
    public func render() -> Node {
        ChartFigure.figure(title: title, svg(), legend(), dataTable())
    }

    /// The legend naming each series in its colour.
    public func legend() -> Node {
        LegendEntry.list(series.enumerated().map { LegendEntry(name: $1.name, cssClass: $1.colorClass(index: $0)) })
    }

    /// The values as a table inside `<details>`: the accessible fallback for the picture.
    public func dataTable() -> Node {
        DataTable(lineSeries: series, unit: unit).render()
    }

    /// The `<svg>` alone.
    public func svg() -> Node {
        let cleaned = series.map(clean)
        let values = cleaned.flatMap { $0.compactMap(\.y) }
        guard !values.isEmpty else {
            return ChartFrame.noData(title: title, width: width, height: height, kind: "line-chart")
        }
        let rows = ChartFrame.verticalRange(height: height)
        let axis = ValueAxis(
            values: values, unit: unit, logScale: logScale, zeroBaseline: zeroBaseline,
            top: rows.top, bottom: rows.bottom)
        let frame = ChartFrame(width: width, height: height, labelWidth: axis.labelWidth)
        let domain = xDomain ?? TimeScale.domain(covering: cleaned.flatMap { $0.filter { $0.y != nil }.map(\.x) })
        let x = TimeScale(domain: domain, range: (frame.left, frame.right))

        var children: [Node] = [frame.plotRect]
        children += frame.valueAxis(axis, title: yLabel ?? unit.axisTitle)
        children += frame.xAxis(x.ticks().map { (x($0.time), $0.label) }, title: "time (UTC)")
        children.append(frame.markers(markers, scale: x))
        for (index, points) in cleaned.enumerated() {
            let visible = points.filter { $0.x >= domain.start && $0.x <= domain.end }
            children.append(seriesGroup(series[index], index: index, points: visible, x: x, axis: axis))
        }
        return ChartFrame.svg(
            title: title, description: description(domain: domain, axis: axis),
            width: width, height: height, kind: "line-chart", children: children)
    }

    /// Points sorted by time with non-finite or unplottable values turned into gaps.
    private func clean(_ s: ChartSeries) -> [ChartPoint] {
        s.points.enumerated()
            .filter { $0.element.x.isFinite }
            .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
            .map {
                ChartPoint(
                    x: $0.element.x, y: $0.element.y.flatMap { logScale ? ($0 > 0 && $0.isFinite ? $0 : nil) : ($0.isFinite ? $0 : nil) })
            }
    }

    /// One `<g class="series sN">`: a path broken at every gap (a new `M`), a dot for each
    /// point with no neighbour, and hover circles with titles when the series is small enough.
    private func seriesGroup(_ s: ChartSeries, index: Int, points: [ChartPoint], x: TimeScale, axis: ValueAxis) -> Node {
        // Each drawn point's coordinates as text, made once for the line and its hover circle
        // (with 60 services the latency dashboard draws 240 panels; each coordinate written
        // twice was most of this function's time, issue 7); nil for a point not drawn.
        var placed: [(x: String, y: String)?] = []
        placed.reserveCapacity(points.count)
        var d = "", dots: [Node] = []
        var run: [(x: String, y: String)] = []
        func flush() {
            if run.count == 1 {
                dots.append(.el("circle", ["class": "dot", "cx": run[0].x, "cy": run[0].y, "r": "2.5"]))
            } else if run.count > 1 {
                for (i, p) in run.enumerated() {
                    d.append(i == 0 ? "M" : "L")
                    d.append(p.x)
                    d.append(" ")
                    d.append(p.y)
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        for p in points {
            if let y = p.y, let py = axis.position(y) {
                let xy = (x: ChartFrame.num(x(p.x)), y: ChartFrame.num(py))
                run.append(xy)
                placed.append(xy)
            } else {
                flush()
                placed.append(nil)
            }
        }
        flush()

        var children: [Node] = []
        if !d.isEmpty { children.append(.el("path", ["class": "line", "d": d])) }
        children += dots
        let defined = points.reduce(0) { $0 + ($1.y == nil ? 0 : 1) }
        if defined <= maxPointTitles {
            var hover: [Node] = []
            for (k, p) in points.enumerated() {
                guard let y = p.y, let xy = placed[k] else { continue }
                let tip = s.name + " · " + UTCTime(unixSeconds: p.x).dateTimeText + " UTC · " + unit.format(y)
                hover.append(.el("circle", ["class": "pt", "cx": xy.x, "cy": xy.y, "r": "4"], .el("title", .text(tip))))
            }
            if !hover.isEmpty { children.append(.el("g", ["class": "pts"], children: hover)) }
        }
        return .el("g", ["class": "series " + s.colorClass(index: index)], children: children)
    }

    /// The `<desc>`: what is drawn, over which UTC window and value range.
    private func description(domain: (start: Double, end: Double), axis: ValueAxis) -> String {
        let names = series.prefix(10).map(\.name).joined(separator: ", ") + (series.count > 10 ? ", …" : "")
        let low = axis.ticks.first?.label ?? "", high = axis.ticks.last?.label ?? ""
        return "Line chart of \(series.count) series (\(names)) from \(UTCTime(unixSeconds: domain.start).dateTimeText) to "
            + "\(UTCTime(unixSeconds: domain.end).dateTimeText) UTC; \(logScale ? "log scale, " : "")axis from \(low) to \(high)."
    }
}
