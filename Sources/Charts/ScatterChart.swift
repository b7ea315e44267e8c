import Markup
import Vocabulary

/// Points over a UTC time axis (traces: start time × duration), each with its own class, title
/// and optional link. The caller bounds the number of points (the slowest N, a sample): every
/// point is drawn, since seeing each one is the chart's purpose.
///
/// ```swift
/// ScatterChart(title: "Traces", unit: .milliseconds, points: [
///     ScatterPoint(x: start, y: 812, cssClass: "error", href: "traces/4bf9….html", title: "GET / · 812 ms"),
/// ], legend: [LegendEntry(name: "ok", cssClass: "s0"), LegendEntry(name: "error", cssClass: "error")],
/// logScale: true).render()
/// ```
public struct ScatterChart: Sendable {
    public var title: String
    public var unit: ValueUnit
    public var points: [ScatterPoint]
    public var legend: [LegendEntry]
    public var logScale: Bool
    public var zeroBaseline: Bool
    public var yLabel: String?
    public var xDomain: (start: Double, end: Double)?
    /// The unit of a numeric x axis (an attribute's value against duration); nil for UTC time.
    public var xUnit: ValueUnit?
    /// The x axis title for a numeric x axis.
    public var xLabel: String?
    public var width: Int
    public var height: Int
    /// Values the value axis must cover besides the points' (all values, when only a sample is
    /// drawn), so a script can place more points on the same axes.
    public var extentValues: [Double] = []
    /// Writes the scales on the marks' `<g>` — `data-x="start end left right"` (unix seconds to
    /// pixels) and `data-y="lin|log lower upper bottom top"` — so a page script can add points
    /// exactly where this chart would have drawn them (the trace page draws the traces a filter
    /// finds that the sample left out). Time axes only.
    public var exposesScales = false

    public init(
        title: String, unit: ValueUnit, points: [ScatterPoint], legend: [LegendEntry] = [],
        logScale: Bool = false, zeroBaseline: Bool = true, yLabel: String? = nil,
        xDomain: (start: Double, end: Double)? = nil, width: Int = 800, height: Int = 260
    ) {
        self.title = title
        self.unit = unit
        self.points = points
        self.legend = legend
        self.logScale = logScale
        self.zeroBaseline = zeroBaseline
        self.yLabel = yLabel
        self.xDomain = xDomain
        self.xUnit = nil
        self.xLabel = nil
        self.width = width
        self.height = height
    }

    /// The chart, its legend and its data table in a `<figure class="chart">` with a caption.
    public func render() -> Node {
        ChartFigure.figure(title: title, svg(), LegendEntry.list(legend), dataTable())
    }

    /// Time, value and label of every point, in time order.
    public func dataTable() -> Node {
        let rows = drawable.map { [xText($0.x), unit.format($0.y), $0.title ?? ""] }
        return DataTable(
            columns: [xUnit == nil ? "Time (UTC)" : (xLabel ?? "x"), yLabel ?? unit.axisTitle, "Note"],
            rows: rows, numericFrom: 1
        ).render()
    }

    private func xText(_ x: Double) -> String {
        xUnit.map { $0.format(x) } ?? UTCTime(unixSeconds: x).dateTimeText
    }

    /// The `<svg>` alone.
    public func svg() -> Node {
        let points = drawable
        guard !points.isEmpty else {
            return ChartFrame.noData(title: title, width: width, height: height, kind: "scatter-chart")
        }
        let rows = ChartFrame.verticalRange(height: height)
        let axis = ValueAxis(
            values: points.map(\.y) + extentValues.filter { $0.isFinite && (!logScale || $0 > 0) }, unit: unit, logScale: logScale,
            zeroBaseline: zeroBaseline,
            top: rows.top, bottom: rows.bottom)
        let frame = ChartFrame(width: width, height: height, labelWidth: axis.labelWidth)
        let domain: (start: Double, end: Double)
        let position: (Double) -> Double
        var children: [Node] = [frame.plotRect]
        children += frame.valueAxis(axis, title: yLabel ?? unit.axisTitle)
        if let xUnit {
            let count = Ticks.count(forPixels: frame.right - frame.left, spacing: Ticks.xSpacing * 1.6)
            let covering = LinearScale.domain(covering: points.map(\.x), zeroBaseline: false)
            let scale = LinearScale(domain: xDomain.map { ($0.start, $0.end) } ?? covering, range: (frame.left, frame.right)).niced(
                count: count)
            domain = (scale.domain.lower, scale.domain.upper)
            position = { scale($0) }
            children += frame.xAxis(scale.ticks(count: count).map { (scale($0), xUnit.format($0)) }, title: xLabel ?? "")
        } else {
            domain = xDomain ?? TimeScale.domain(covering: points.map(\.x))
            let x = TimeScale(domain: domain, range: (frame.left, frame.right))
            position = { x($0) }
            children += frame.xAxis(x.ticks().map { (x($0.time), $0.label) }, title: "time (UTC)")
        }
        let marks: [Node] = points.compactMap { p in
            guard p.x >= domain.start, p.x <= domain.end, let py = axis.position(p.y) else { return nil }
            let tip = p.title ?? (xUnit == nil ? UTCTime(unixSeconds: p.x).dateTimeText + " UTC" : xText(p.x)) + " · " + unit.format(p.y)
            let circle: Node = .el(
                "circle",
                attrs: [
                    ("class", p.cssClass.map { "mark " + $0 } ?? "mark"),
                    ("cx", ChartFrame.num(position(p.x))), ("cy", ChartFrame.num(py)), ("r", "3"),
                    ("data-i", p.dataIndex.map(String.init)),
                ], children: [.el("title", .text(tip))])
            // A linked point is no tab stop: a plot of hundreds of points would put hundreds of
            // stops before what follows it; the same links are in the page's tables.
            return p.href.map { .el("a", ["href": $0, "tabindex": "-1"], circle) } ?? circle
        }
        var scales: [(String, String?)] = []
        if exposesScales, xUnit == nil {
            let y: String
            switch axis.scale {
            case .linear(let s): y = "lin \(s.domain.lower) \(s.domain.upper) \(s.range.start) \(s.range.end)"
            case .log(let s): y = "log \(s.domain.lower) \(s.domain.upper) \(s.range.start) \(s.range.end)"
            }
            scales = [("data-x", "\(domain.start) \(domain.end) \(frame.left) \(frame.right)"), ("data-y", y)]
        }
        children.append(.el("g", attrs: [("class", "marks")] + scales, children: marks))
        let description =
            "Scatter chart of \(points.count) points from \(xText(domain.start)) to "
            + "\(xText(domain.end))\(xUnit == nil ? " UTC" : ""); \(logScale ? "log scale, " : "")axis from "
            + "\(axis.ticks.first?.label ?? "") to \(axis.ticks.last?.label ?? "")."
        return ChartFrame.svg(
            title: title, description: description, width: width, height: height,
            kind: "scatter-chart", children: children)
    }

    /// Points with finite coordinates (and positive values on a log axis), in time order.
    private var drawable: [ScatterPoint] {
        points.enumerated()
            .filter { $0.element.x.isFinite && $0.element.y.isFinite && (!logScale || $0.element.y > 0) }
            .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
            .map(\.element)
    }
}
