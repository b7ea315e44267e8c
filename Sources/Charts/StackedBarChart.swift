import Markup
import Vocabulary

/// Counts over UTC time as stacked bars: one bar per time bucket, one segment per series, in
/// series order from the baseline up (the logs page: records per minute by severity). Each
/// segment has a `<title>` with its bucket, series and count; a data table follows the chart.
/// Empty buckets draw nothing (no bar means no records, not missing data).
public struct StackedBarChart: Sendable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var cssClass: String
        /// One count per bucket.
        public var counts: [Int]

        public init(name: String, cssClass: String, counts: [Int]) {
            self.name = name
            self.cssClass = cssClass
            self.counts = counts
        }
    }

    public var title: String
    /// Start of each bucket, unix seconds; buckets are `stepSeconds` wide.
    public var bucketStarts: [Double]
    public var stepSeconds: Double
    public var series: [Series]
    public var valueTitle: String
    public var width: Int
    public var height: Int

    public init(
        title: String, bucketStarts: [Double], stepSeconds: Double, series: [Series], valueTitle: String,
        width: Int = 800, height: Int = 200
    ) {
        self.title = title
        self.bucketStarts = bucketStarts
        self.stepSeconds = stepSeconds
        self.series = series
        self.valueTitle = valueTitle
        self.width = width
        self.height = height
    }

    public func render() -> Node {
        ChartFigure.figure(
            title: title, svg(),
            LegendEntry.list(series.filter { $0.counts.contains { $0 > 0 } }.map { LegendEntry(name: $0.name, cssClass: $0.cssClass) }),
            dataTable())
    }

    /// Bucket start and each series' count, for buckets with any record.
    public func dataTable() -> Node {
        let rows = bucketStarts.indices.filter { b in series.contains { $0.counts[b] > 0 } }.map { b in
            [UTCTime(unixSeconds: bucketStarts[b]).dateTimeText] + series.map { String($0.counts[b]) }
        }
        return DataTable(columns: ["Time (UTC)"] + series.map(\.name), rows: rows, numericFrom: 1).render()
    }

    public func svg() -> Node {
        let totals = bucketStarts.indices.map { b in series.reduce(0) { $0 + $1.counts[b] } }
        guard !bucketStarts.isEmpty, (totals.max() ?? 0) > 0 else {
            return ChartFrame.noData(title: title, width: width, height: height, kind: "bar-chart")
        }
        let rows = ChartFrame.verticalRange(height: height)
        let axis = ValueAxis(
            values: [0] + totals.map(Double.init), unit: .count, logScale: false, zeroBaseline: true,
            top: rows.top, bottom: rows.bottom)
        let frame = ChartFrame(width: width, height: height, labelWidth: axis.labelWidth)
        let domain = (start: bucketStarts[0], end: bucketStarts[bucketStarts.count - 1] + stepSeconds)
        let x = TimeScale(domain: domain, range: (frame.left, frame.right))
        var children: [Node] = [frame.plotRect]
        children += frame.valueAxis(axis, title: valueTitle)
        children += frame.xAxis(x.ticks().map { (x($0.time), $0.label) }, title: "time (UTC)")
        var bars: [Node] = []
        let gap = min(1.0, (x(domain.start + stepSeconds) - x(domain.start)) * 0.15)
        for b in bucketStarts.indices where totals[b] > 0 {
            let x0 = x(bucketStarts[b]) + gap / 2, x1 = x(bucketStarts[b] + stepSeconds) - gap / 2
            var below = 0
            for s in series where s.counts[b] > 0 {
                guard let yTop = axis.position(Double(below + s.counts[b])), let yBottom = axis.position(Double(below)) else { continue }
                bars.append(
                    .el(
                        "rect",
                        [
                            "class": "bar " + s.cssClass, "x": num(x0), "y": num(yTop),
                            "width": num(max(x1 - x0, 0.5)), "height": num(max(yBottom - yTop, 0.5)),
                        ],
                        .el("title", .text("\(UTCTime(unixSeconds: bucketStarts[b]).dateTimeText) UTC · \(s.name): \(s.counts[b])"))))
                below += s.counts[b]
            }
        }
        children.append(.el("g", ["class": "bars"], children: bars))
        let description =
            "Stacked bar chart of \(series.map(\.name).joined(separator: ", ")) per \(Int(stepSeconds)) s from "
            + "\(UTCTime(unixSeconds: domain.start).dateTimeText) to \(UTCTime(unixSeconds: domain.end).dateTimeText) UTC; largest bar \(totals.max() ?? 0)."
        return ChartFrame.svg(title: title, description: description, width: width, height: height, kind: "bar-chart", children: children)
    }

    private func num(_ v: Double) -> String { NumberFormat.svg(v) }
}
