import Markup
import Vocabulary

/// The parts every chart shares: the `<svg>` element with its accessible `<title>` and `<desc>`,
/// the plot rectangle, gridlines, axes and the "No data" state. Colours and strokes are left to
/// CSS classes (`ChartStyle.css`); numbers go through `NumberFormat.svg` for stable bytes.
struct ChartFrame {
    var width: Double
    var height: Double
    var left: Double
    var right: Double
    var top: Double
    var bottom: Double

    /// Space above the plot for the axis titles and marker labels, and below it for x labels.
    static let topMargin = 30.0, bottomMargin = 24.0, rightMargin = 18.0

    /// The plot area for a chart whose y labels are `labelWidth` pixels wide.
    init(width: Int, height: Int, labelWidth: Double) {
        self.width = Double(max(width, 120))
        self.height = Double(max(height, 80))
        left = max(36, (labelWidth + 12).rounded(.up))
        right = self.width - Self.rightMargin
        top = Self.topMargin
        bottom = self.height - Self.bottomMargin
    }

    /// The pixel rows the y axis spans, known before the width of its labels.
    static func verticalRange(height: Int) -> (top: Double, bottom: Double) {
        (topMargin, Double(max(height, 80)) - bottomMargin)
    }

    /// `<svg viewBox … role="img">` with `<title>` and `<desc>` first, as screen readers and the
    /// report's validator (DESIGN §6) expect; scaled to the container's width by CSS.
    static func svg(title: String, description: String, width: Int, height: Int, kind: String, children: [Node]) -> Node {
        .element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("viewBox", "0 0 \(max(width, 120)) \(max(height, 80))"),
                ("preserveAspectRatio", "xMidYMid meet"),
                ("role", "img"),
                ("class", "chart-svg " + kind),
            ], [.el("title", .text(title)), .el("desc", .text(description))] + children)
    }

    /// A chart with nothing to draw still has its frame, its title and a visible message.
    static func noData(title: String, width: Int, height: Int, kind: String) -> Node {
        let w = Double(max(width, 120)), h = Double(max(height, 80))
        return svg(
            title: title, description: "No data.", width: width, height: height, kind: kind,
            children: [
                .el("rect", ["class": "frame", "x": "0.5", "y": "0.5", "width": num(w - 1), "height": num(h - 1)]),
                .el(
                    "text", ["class": "nodata", "x": num(w / 2), "y": num(h / 2), "dy": "0.32em", "text-anchor": "middle"],
                    .text("No data")),
            ])
    }

    /// Horizontal gridlines and labels for the value axis, and its title at the top left.
    func valueAxis(_ axis: ValueAxis, title: String) -> [Node] {
        var grid: [Node] = [], labels: [Node] = []
        for tick in axis.ticks {
            guard let y = axis.position(tick.value) else { continue }
            grid.append(.el("line", ["x1": num(left), "x2": num(right), "y1": num(y), "y2": num(y)]))
            labels.append(
                .el(
                    "text", ["x": num(left - 6), "y": num(y), "dy": "0.32em", "text-anchor": "end"],
                    .text(tick.label)))
        }
        return [
            .el("g", ["class": "grid y"], children: grid),
            .el("g", ["class": "axis y"], children: labels),
            .el("text", ["class": "axis-title y", "x": "4", "y": "12"], .text(title)),
        ]
    }

    /// The baseline, tick marks, vertical gridlines and labels of an x axis, and its title at the
    /// top right. Labels that would leave the picture are anchored at their end or start.
    func xAxis(_ ticks: [(x: Double, label: String)], title: String) -> [Node] {
        var grid: [Node] = [], marks: [Node] = []
        for tick in ticks {
            let half = Double(tick.label.count) * TimeTicks.characterWidth / 2
            let anchor = tick.x + half > width ? "end" : (tick.x - half < 0 ? "start" : "middle")
            grid.append(.el("line", ["x1": num(tick.x), "x2": num(tick.x), "y1": num(top), "y2": num(bottom)]))
            marks.append(.el("line", ["x1": num(tick.x), "x2": num(tick.x), "y1": num(bottom), "y2": num(bottom + 4)]))
            marks.append(.el("text", ["x": num(tick.x), "y": num(bottom + 16), "text-anchor": anchor], .text(tick.label)))
        }
        let baseline: Node = .el("line", ["class": "baseline", "x1": num(left), "x2": num(right), "y1": num(bottom), "y2": num(bottom)])
        return [
            .el("g", ["class": "grid x"], children: grid),
            .el("g", ["class": "axis x"], children: [baseline] + marks),
            .el("text", ["class": "axis-title x", "x": num(width - 4), "y": "12", "text-anchor": "end"], .text(title)),
        ]
    }

    /// Vertical marker lines with their labels, for markers inside the time scale's domain.
    func markers(_ markers: [ChartMarker], scale: TimeScale) -> Node {
        let inside = markers.filter { $0.x.isFinite && $0.x >= scale.domain.start && $0.x <= scale.domain.end }
        guard !inside.isEmpty else { return .empty }
        return .el(
            "g", ["class": "markers"],
            children: inside.map { marker in
                let x = scale(marker.x)
                let cls = marker.cssClass.map { "marker " + $0 } ?? "marker"
                let anchor = x + Double(marker.label.count) * TimeTicks.characterWidth + 3 > right ? "end" : "start"
                return .el(
                    "g", ["class": cls],
                    .el("title", .text(marker.label + " at " + UTCTime(unixSeconds: marker.x).dateTimeText + " UTC")),
                    .el("line", ["x1": num(x), "x2": num(x), "y1": num(top), "y2": num(bottom)]),
                    .el(
                        "text", ["x": num(anchor == "start" ? x + 3 : x - 3), "y": num(top - 4), "text-anchor": anchor],
                        .text(marker.label)))
            })
    }

    /// The plot area's outline, drawn under everything else.
    var plotRect: Node {
        .el("rect", ["class": "plot", "x": num(left), "y": num(top), "width": num(right - left), "height": num(bottom - top)])
    }

    /// A number as written into an SVG attribute.
    static func num(_ value: Double) -> String { NumberFormat.svg(value) }
    func num(_ value: Double) -> String { NumberFormat.svg(value) }
}
