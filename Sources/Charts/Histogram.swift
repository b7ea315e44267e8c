import Markup
import Vocabulary

/// Distributions over shared bins, drawn as bars side by side (or overlaid), for comparing
/// latency by attribute value (DESIGN §5, `compare.html`). Bins get equal widths whatever their
/// edges, so 1-2-5 log bins read as evenly as linear ones; edges are labelled at the boundaries.
///
/// ```swift
/// let edges = Histogram.edges(covering: hits + misses, logarithmic: true)
/// Histogram(title: "Latency by app.cache_hit", unit: .milliseconds, edges: edges, groups: [
///     HistogramGroup(name: "true", counts: Histogram.bin(hits, edges: edges)),
///     HistogramGroup(name: "false", counts: Histogram.bin(misses, edges: edges)),
/// ], normalized: true).render()
/// ```
public struct Histogram: Sendable {
    public enum Layout: Sendable, Equatable {
        /// Each bin split among the groups: every bar is visible.
        case sideBySide
        /// Every group spans the whole bin, translucent: shapes compare more directly.
        case overlaid
        /// One strip per group, stacked, on one shared x axis and one shared y scale: each
        /// group's shape stands alone in its own opaque colour, however many groups there are
        /// (overlaid translucent series mix into colours no legend shows).
        case smallMultiples
    }

    public var title: String
    /// The unit of the bin edges (the measured quantity, e.g. `.milliseconds`).
    public var unit: ValueUnit
    /// Bin boundaries, ascending: bin i is `edges[i] ..< edges[i + 1]`.
    public var edges: [Double]
    public var groups: [HistogramGroup]
    public var layout: Layout
    /// Show each group's share of its own total (groups of different sizes compare fairly).
    public var normalized: Bool
    public var width: Int
    public var height: Int

    public init(
        title: String, unit: ValueUnit, edges: [Double], groups: [HistogramGroup],
        layout: Layout = .sideBySide, normalized: Bool = false, width: Int = 800, height: Int = 260
    ) {
        self.title = title
        self.unit = unit
        self.edges = edges
        self.groups = groups
        self.layout = layout
        self.normalized = normalized
        self.width = width
        self.height = height
    }

    /// Counts of `values` per bin of `edges`. Values below the first edge count in the first bin
    /// and values at or above the last edge in the last, so no observation is dropped; NaN is.
    public static func bin(_ values: [Double], edges: [Double]) -> [Double] {
        let n = edges.count - 1
        guard n >= 1 else { return [] }
        var counts = Array(repeating: 0.0, count: n)
        for v in values {
            if let bin = binIndex(v, edges: edges) { counts[bin] += 1 }
        }
        return counts
    }

    /// The bin of `edges` that `bin` counts `value` in; nil for NaN or with fewer than two edges.
    /// For callers that bin one list of values into several groups' counts at once.
    public static func binIndex(_ value: Double, edges: [Double]) -> Int? {
        let n = edges.count - 1
        guard n >= 1, !value.isNaN else { return nil }
        var lo = 0, hi = n  // last i with edges[i] <= value, by binary search
        while lo + 1 < hi {
            let mid = (lo + hi) / 2
            if edges[mid] <= value { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Edges that cover `values`: 1, 2, 5 × 10^k (powers of ten only beyond `maxBins`) when
    /// `logarithmic`, else d3's nice linear steps. Empty when no value is usable.
    public static func edges(covering values: [Double], logarithmic: Bool, maxBins: Int = 20) -> [Double] {
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        guard let low = usable.min(), let high = usable.max() else { return [] }
        if logarithmic {
            let domain = LogScale.domain(covering: [low, high])
            var edges = LogScale(domain: domain, range: (0, 1)).ticks(count: 3 * maxBins)
            if edges.count - 1 > maxBins {
                edges = LogScale(domain: domain, range: (0, 1)).ticks(count: maxBins)
                if let last = edges.last, last < high { edges.append(domain.upper) }
            }
            // Drop the empty 1-2-5 bins below the lowest and above the highest value.
            while edges.count > 2 && edges[1] <= low { edges.removeFirst() }
            while edges.count > 2 && edges[edges.count - 2] > high { edges.removeLast() }
            return edges
        }
        let raw = LinearScale.domain(covering: [low, high], zeroBaseline: false)
        let nice = Ticks.nice(raw.lower, raw.upper, count: maxBins)
        return Ticks.ticks(nice.lower, nice.upper, count: maxBins)
    }

    /// The chart, its legend and its data table in a `<figure class="chart">` with a caption.
    public func render() -> Node {
        ChartFigure.figure(title: title, svg(), legend(), dataTable())
    }

    public func legend() -> Node {
        LegendEntry.list(groups.enumerated().map { LegendEntry(name: $1.name, cssClass: $1.colorClass(index: $0)) })
    }

    /// One row per bin, one column per group: the count, with the group's share when normalized.
    public func dataTable() -> Node {
        let rows: [[String]] = (0..<binCount).map { i in
            [binLabel(i)]
                + groups.map { g in
                    let c = i < g.counts.count && g.counts[i].isFinite ? g.counts[i] : 0
                    let share = g.total > 0 ? " (" + ValueUnit.ratio.format(c / g.total) + ")" : ""
                    return ValueUnit.count.format(c) + (normalized ? share : "")
                }
        }
        return DataTable(columns: ["Bin"] + groups.map(\.name), rows: rows).render()
    }

    /// Pixel height of one strip of `.smallMultiples` (its label line and its bars).
    static let stripHeight = 58.0

    /// The `<svg>` alone.
    public func svg() -> Node {
        if layout == .smallMultiples { return stripsSVG() }
        let n = binCount
        let heights = groups.map { g in
            (0..<n).map { i -> Double in
                let c = i < g.counts.count && g.counts[i].isFinite ? max(0, g.counts[i]) : 0
                return normalized ? (g.total > 0 ? c / g.total : 0) : c
            }
        }
        let kind = "histogram" + (layout == .overlaid ? " overlaid" : "")
        guard n >= 1, heights.contains(where: { $0.contains { $0 > 0 } }) else {
            return ChartFrame.noData(title: title, width: width, height: height, kind: kind)
        }
        let valueUnit: ValueUnit = normalized ? .ratio : .count
        let rows = ChartFrame.verticalRange(height: height)
        let axis = ValueAxis(
            values: heights.flatMap { $0 }, unit: valueUnit, logScale: false, zeroBaseline: true,
            top: rows.top, bottom: rows.bottom)
        let frame = ChartFrame(width: width, height: height, labelWidth: axis.labelWidth)
        let slot = (frame.right - frame.left) / Double(n)

        var children: [Node] = [frame.plotRect]
        children += frame.valueAxis(axis, title: normalized ? "share of group" : "count")
        children += frame.xAxis(edgeTicks(frame: frame, slot: slot), title: unit.axisTitle)
        let baseline = axis.position(0) ?? frame.bottom
        for (g, group) in groups.enumerated() {
            let barWidth = layout == .overlaid ? slot - 2 : slot * 0.9 / Double(groups.count)
            let bars: [Node] = (0..<n).compactMap { i in
                let v = heights[g][i]
                guard v > 0, let y = axis.position(v) else { return nil }
                let x0 = frame.left + Double(i) * slot + (layout == .overlaid ? 1 : slot * 0.05 + Double(g) * barWidth)
                let count = i < group.counts.count ? group.counts[i] : 0
                var tip = group.name + " · " + binLabel(i) + " · " + ValueUnit.count.format(count)
                if normalized { tip += " (" + ValueUnit.ratio.format(v) + ")" }
                return .el(
                    "rect",
                    [
                        "class": "bar", "x": ChartFrame.num(x0), "y": ChartFrame.num(y),
                        "width": ChartFrame.num(max(barWidth, 0.5)), "height": ChartFrame.num(max(baseline - y, 0)),
                    ],
                    .el("title", .text(tip)))
            }
            children.append(.el("g", ["class": "bars " + group.colorClass(index: g)], children: bars))
        }
        let description =
            "Histogram of \(groups.count) groups (" + groups.map(\.name).joined(separator: ", ")
            + ") over \(n) bins from \(unit.format(edges[0])) to \(unit.format(edges[n]))"
            + (normalized ? ", as shares of each group." : ", as counts.")
        return ChartFrame.svg(title: title, description: description, width: width, height: height, kind: kind, children: children)
    }

    /// `.smallMultiples`: a strip per group from the top, each with its name (and the peak share
    /// or count) above bars of its own colour, all on the bins' shared x axis and scaled to the
    /// largest bar of any group, so heights compare across strips; the height grows with the
    /// number of groups (`height` is that of one strip's worth of axes plus the strips).
    func stripsSVG() -> Node {
        let n = binCount
        let heights = groups.map { g in
            (0..<n).map { i -> Double in
                let c = i < g.counts.count && g.counts[i].isFinite ? max(0, g.counts[i]) : 0
                return normalized ? (g.total > 0 ? c / g.total : 0) : c
            }
        }
        let kind = "histogram strips"
        let peak = heights.flatMap { $0 }.max() ?? 0
        let chartHeight = Int(ChartFrame.topMargin + ChartFrame.bottomMargin + Self.stripHeight * Double(max(groups.count, 1)) + 8)
        guard n >= 1, peak > 0 else { return ChartFrame.noData(title: title, width: width, height: height, kind: kind) }
        let frame = ChartFrame(width: width, height: chartHeight, labelWidth: 0)
        let slot = (frame.right - frame.left) / Double(n)
        var children: [Node] = [frame.plotRect]
        children += frame.xAxis(edgeTicks(frame: frame, slot: slot), title: unit.axisTitle)
        children.append(
            .el(
                "text", ["class": "axis-title y", "x": "4", "y": "12"],
                .text(normalized ? "share of each group (bars to one scale)" : "count (bars to one scale)")))
        let valueUnit: ValueUnit = normalized ? .ratio : .count
        for (g, group) in groups.enumerated() {
            let stripTop = frame.top + 8 + Double(g) * Self.stripHeight
            let base = stripTop + Self.stripHeight - 4, barTop = stripTop + 16
            let own = heights[g].max() ?? 0
            var parts: [Node] = [
                .el(
                    "text", ["class": "axis-title strip-label", "x": ChartFrame.num(frame.left), "y": ChartFrame.num(stripTop + 11)],
                    .text(group.name + (own > 0 ? " · peak " + valueUnit.format(own) : " · none"))),
                .el(
                    "line",
                    [
                        "class": "strip-base", "x1": ChartFrame.num(frame.left), "x2": ChartFrame.num(frame.right),
                        "y1": ChartFrame.num(base), "y2": ChartFrame.num(base),
                    ]),
            ]
            for i in 0..<n where heights[g][i] > 0 {
                let v = heights[g][i]
                let y = base - v / peak * (base - barTop)
                let count = i < group.counts.count ? group.counts[i] : 0
                var tip = group.name + " · " + binLabel(i) + " · " + ValueUnit.count.format(count)
                if normalized { tip += " (" + ValueUnit.ratio.format(v) + ")" }
                parts.append(
                    .el(
                        "rect",
                        [
                            "class": "bar", "x": ChartFrame.num(frame.left + Double(i) * slot + 1), "y": ChartFrame.num(y),
                            "width": ChartFrame.num(max(slot - 2, 0.5)), "height": ChartFrame.num(max(base - y, 0.5)),
                        ],
                        .el("title", .text(tip))))
            }
            children.append(.el("g", ["class": "strip bars " + group.colorClass(index: g)], children: parts))
        }
        let description =
            "Histogram of \(groups.count) groups (" + groups.map(\.name).joined(separator: ", ")
            + "), one strip each, over \(n) shared bins from \(unit.format(edges[0])) to \(unit.format(edges[n]))"
            + (normalized ? ", as shares of each group" : ", as counts") + ", every strip to one scale (the tallest bar is "
            + valueUnit.format(peak) + ")."
        return ChartFrame.svg(title: title, description: description, width: width, height: chartHeight, kind: kind, children: children)
    }

    private var binCount: Int { max(0, edges.count - 1) }

    /// `10 ms – 20 ms`.
    private func binLabel(_ i: Int) -> String {
        unit.format(edges[i]) + " – " + unit.format(edges[i + 1])
    }

    /// Labels at bin boundaries, thinned to every k-th so that they do not overlap.
    private func edgeTicks(frame: ChartFrame, slot: Double) -> [(x: Double, label: String)] {
        let labels = edges.map { unit.format($0) }
        let widest = Double(labels.map(\.count).max() ?? 0) * TimeTicks.characterWidth + 8
        let every = max(1, Int((widest / max(slot, 0.01)).rounded(.up)))
        return labels.enumerated().compactMap { i, label in
            i % every == 0 ? (frame.left + Double(i) * slot, label) : nil
        }
    }
}
