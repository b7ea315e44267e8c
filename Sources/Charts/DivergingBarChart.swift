import Markup
import Vocabulary

/// Horizontal bars from a zero line: positive values to the right, negative to the left, one row
/// per labelled value (the slow-against-rest breakdown: time an operation adds or saves per
/// trace). Labels sit left of the plot; each bar has a hover title and the figure a data table.
public struct DivergingBarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var title: String
        public init(label: String, value: Double, title: String) {
            self.label = label
            self.value = value
            self.title = title
        }
    }

    public var title: String
    public var unit: ValueUnit
    public var bars: [Bar]
    public var width = 720
    /// Pixels of each row.
    public var rowHeight = 22
    /// Pixels reserved for the labels left of the plot.
    public var labelWidth = 260

    public init(title: String, unit: ValueUnit, bars: [Bar]) {
        self.title = title
        self.unit = unit
        self.bars = bars
    }

    /// The chart and its data table in a `<figure class="chart">` with a caption.
    public func render() -> Node {
        ChartFigure.figure(
            title: title, svg(),
            DataTable(columns: ["", unit.axisTitle], rows: bars.map { [$0.label, unit.format($0.value)] }).render())
    }

    public func svg() -> Node {
        let finite = bars.filter { $0.value.isFinite }
        let height = 34 + rowHeight * max(finite.count, 1)
        guard !finite.isEmpty else { return ChartFrame.noData(title: title, width: width, height: 80, kind: "diverging-bar-chart") }
        let lo = min(0, finite.map(\.value).min()!), hi = max(0, finite.map(\.value).max()!)
        let ticks = Ticks.ticks(lo, hi == lo ? lo + 1 : hi, count: 5)
        let domainLo = min(lo, ticks.first ?? lo), domainHi = max(hi == lo ? lo + 1 : hi, ticks.last ?? hi)
        let left = Double(labelWidth), right = Double(width - 16)
        func x(_ v: Double) -> Double { left + (v - domainLo) / (domainHi - domainLo) * (right - left) }
        let top = 8.0, bottom = Double(height - 24)
        var children: [Node] = []
        var grid: [Node] = [], labels: [Node] = []
        for t in ticks {
            grid.append(
                .el(
                    "line",
                    ["x1": ChartFrame.num(x(t)), "x2": ChartFrame.num(x(t)), "y1": ChartFrame.num(top), "y2": ChartFrame.num(bottom)]))
            labels.append(
                .el("text", ["x": ChartFrame.num(x(t)), "y": ChartFrame.num(bottom + 14), "text-anchor": "middle"], .text(unit.format(t))))
        }
        children.append(.el("g", ["class": "grid x"], children: grid))
        children.append(.el("g", ["class": "axis x"], children: labels))
        var marks: [Node] = []
        for (i, b) in finite.enumerated() {
            let y = top + Double(i * rowHeight)
            let (x0, x1) = (x(min(0, b.value)), x(max(0, b.value)))
            marks.append(
                .el(
                    "text",
                    ["x": ChartFrame.num(left - 6), "y": ChartFrame.num(y + Double(rowHeight) / 2), "dy": "0.32em", "text-anchor": "end"],
                    .text(b.label.count > 40 ? String(b.label.prefix(39)) + "…" : b.label)))
            marks.append(
                .el(
                    "rect",
                    [
                        "class": b.value < 0 ? "bar s0" : "bar s1", "x": ChartFrame.num(x0), "y": ChartFrame.num(y + 3),
                        "width": ChartFrame.num(max(x1 - x0, 0.5)), "height": ChartFrame.num(Double(rowHeight) - 6),
                    ],
                    .el("title", .text(b.title))))
        }
        children.append(.el("g", ["class": "marks"], children: marks))
        children.append(
            .el(
                "g", ["class": "axis zero"],
                .el(
                    "line",
                    [
                        "x1": ChartFrame.num(x(0)), "x2": ChartFrame.num(x(0)), "y1": ChartFrame.num(top),
                        "y2": ChartFrame.num(bottom), "stroke": "currentColor",
                    ])))
        return ChartFrame.svg(
            title: title, description: "\(finite.count) bars from zero; right of the line adds, left saves.",
            width: width, height: height, kind: "diverging-bar-chart", children: children)
    }
}
