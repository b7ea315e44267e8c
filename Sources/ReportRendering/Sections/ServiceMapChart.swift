import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// The service map as inline SVG (issue 14), laid out by `LayeredLayout`: callers left of the
/// services they call, one column per layer. Nodes are circles (services) or dashed squares
/// (uninstrumented peers), their area in proportion to their spans, their colour by error share
/// (none, up to 1%, up to 5%, more), the focus service ringed; each links to its traces. Edges are
/// curves with an arrowhead drawn as a polygon (no `<marker>`, whose `url(#…)` references would
/// need ids unique across the single-file report), thicker for more calls, red when some failed,
/// with their figures in a `<title>` tooltip (width 1 + 3·√(calls ÷ the busiest edge's calls) px). At most `nodeLimit` nodes are drawn (the most spans
/// first, the focus service always); the data table beside the map lists them all.
struct ServiceMapChart {
    let context: RenderContext
    let linker: Linker
    /// The overview's small map: no edge labels, smaller type.
    var compact = false

    static let nodeLimit = 50
    static let layerGap = 210.0, rowGap = 74.0, margin = 40.0, labelRoom = 90.0

    /// The nodes drawn: the focus service and the others with the most spans, up to the limit.
    func drawnNodes() -> [ServiceMap.Node] {
        let map = context.analysis.serviceMap
        guard map.nodes.count > Self.nodeLimit else { return map.nodes }
        let focus = context.analysis.focusService
        let kept = map.nodes.sorted {
            ($0.name == focus ? 1 : 0, $0.spanCount, $1.name) > ($1.name == focus ? 1 : 0, $1.spanCount, $0.name)
        }.prefix(Self.nodeLimit)
        let names = Set(kept.map(\.name))
        return map.nodes.filter { names.contains($0.name) }
    }

    func errorClass(_ n: ServiceMap.Node) -> String {
        if n.errorCount == 0 { return "sm-e0" }
        if n.errorCount * 100 <= n.spanCount { return "sm-e1" }
        if n.errorCount * 20 <= n.spanCount { return "sm-e2" }
        return "sm-e3"
    }

    func nodeHref(_ n: ServiceMap.Node) -> String? {
        let filter = n.isVirtual ? context.analysis.serviceMap.peerFilters[n.name] : "service=" + FilterText.quoted(n.name)
        return filter.map { linker.href(.traces, query: "where=" + PercentEncoding.encode($0)) }
    }

    func render(title: String) -> Node {
        let map = context.analysis.serviceMap
        let nodes = drawnNodes()
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.name, $0) })
        let edges = map.edges.filter { index[$0.source] != nil && index[$0.target] != nil }
        guard !nodes.isEmpty else {
            return .element(
                "svg",
                [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 400 80"), ("role", "img"), ("class", "chart-svg service-map")],
                [
                    .el("title", .text(title)),
                    .el("text", ["class": "nodata", "x": "200", "y": "40", "text-anchor": "middle"], .text("No services")),
                ])
        }
        let layout = LayeredLayout(nodeCount: nodes.count, edges: edges.map { (index[$0.source]!, index[$0.target]!) })
        let tallest = layout.layers.map(\.count).max() ?? 1
        let width = Self.margin * 2 + Double(max(layout.layers.count - 1, 0)) * Self.layerGap + Self.labelRoom * 2
        let height = Self.margin * 2 + Double(tallest - 1) * Self.rowGap + 30
        func position(_ i: Int) -> (x: Double, y: Double) {
            let l = layout.layerOf[i], count = layout.layers[l].count
            let x = Self.margin + Self.labelRoom + Double(l) * Self.layerGap
            let y = Self.margin + (Double(tallest - count) / 2 + Double(layout.orderOf[i])) * Self.rowGap
            return (x, y)
        }
        let maxSpans = Double(nodes.map(\.spanCount).max() ?? 1)
        func radius(_ i: Int) -> Double { 7 + 15 * (Double(nodes[i].spanCount) / max(maxSpans, 1)).squareRoot() }
        let maxCalls = Double(edges.map(\.calls).max() ?? 1)
        var edgeNodes: [Node] = []
        for e in edges {
            let s = index[e.source]!, t = index[e.target]!
            let a = position(s), b = position(t)
            let ra = radius(s), rb = radius(t)
            let path: String, tip: (x: Double, y: Double), control: (x: Double, y: Double), mid: (x: Double, y: Double)
            if b.x > a.x {
                let start = (x: a.x + ra, y: a.y), end = (x: b.x - rb - 6, y: b.y)
                let mx = (start.x + end.x) / 2
                path = "M\(n(start.x)) \(n(start.y)) C\(n(mx)) \(n(start.y)) \(n(mx)) \(n(end.y)) \(n(end.x)) \(n(end.y))"
                tip = (b.x - rb, b.y)
                control = (end.x - 1, end.y)
                mid = (mx, (start.y + end.y) / 2)
            } else {
                // Back or same-layer edge: an arc below both nodes.
                let start = (x: a.x, y: a.y + ra), end = (x: b.x, y: b.y + rb + 6)
                let depth = max(a.y, b.y) + Self.rowGap * 0.6
                path = "M\(n(start.x)) \(n(start.y)) C\(n(start.x)) \(n(depth)) \(n(end.x)) \(n(depth)) \(n(end.x)) \(n(end.y))"
                tip = (b.x, b.y + rb)
                control = (end.x, end.y + 1)
                mid = ((start.x + end.x) / 2, depth - 4)
            }
            let widthPx = 1 + 3 * (Double(e.calls) / max(maxCalls, 1)).squareRoot()
            let errorShare = e.calls > 0 ? Double(e.errors) / Double(e.calls) : 0
            let description =
                "\(e.source) → \(e.target): \(NumberFormat.count(e.calls)) calls, \(NumberFormat.count(e.errors)) errors (\(NumberFormat.percent(e.errors, of: e.calls, .tenths))), p50 \(NumberFormat.duration(nanos: e.p50Nanos, .table)), p99 \(NumberFormat.duration(nanos: e.p99Nanos, .table))"
            var parts: [Node] = [
                .el("title", .text(description)),
                .el("path", ["class": "sm-line", "d": path, "stroke-width": n(widthPx)]),
                .el("polygon", ["class": "sm-head", "points": arrowhead(from: control, to: tip)]),
            ]
            if !compact {
                parts.append(
                    .el(
                        "text", ["class": "sm-elabel", "x": n(mid.x), "y": n(mid.y - 4), "text-anchor": "middle"],
                        .text(NumberFormat.count(e.calls) + (e.errors > 0 ? " · \(NumberFormat.count(e.errors)) err" : ""))))
            }
            edgeNodes.append(.el("g", ["class": errorShare > 0 ? "sm-edge sm-edge-err" : "sm-edge"], children: parts))
        }
        let focus = context.analysis.focusService
        var nodeNodes: [Node] = []
        for (i, node) in nodes.enumerated() {
            let p = position(i), r = radius(i)
            var shapes: [Node] = [
                .el(
                    "title",
                    .text(
                        "\(node.name)\(node.isVirtual ? " (uninstrumented peer)" : "")\(node.name == focus ? " (focus service)" : ""): \(NumberFormat.count(node.spanCount)) \(node.isVirtual ? "calls" : "spans"), \(NumberFormat.count(node.errorCount)) errors (\(NumberFormat.percent(node.errorCount, of: node.spanCount, .tenths)))"
                    ))
            ]
            if node.name == focus {
                shapes.append(.el("circle", ["class": "sm-focus", "cx": n(p.x), "cy": n(p.y), "r": n(r + 5)]))
            }
            if node.isVirtual {
                shapes.append(
                    .el(
                        "rect",
                        [
                            "class": "sm-node sm-virtual " + errorClass(node), "x": n(p.x - r), "y": n(p.y - r),
                            "width": n(2 * r), "height": n(2 * r), "rx": "3",
                        ]))
            } else {
                shapes.append(.el("circle", ["class": "sm-node " + errorClass(node), "cx": n(p.x), "cy": n(p.y), "r": n(r)]))
            }
            let label = Display.truncated(node.name, limit: 26).text + (node.name == focus ? " ★" : "")
            shapes.append(.el("text", ["class": "sm-label", "x": n(p.x), "y": n(p.y + r + 13), "text-anchor": "middle"], .text(label)))
            let group = Node.el("g", ["class": "sm-service"], children: shapes)
            nodeNodes.append(nodeHref(node).map { .el("a", ["href": $0], group) } ?? group)
        }
        let description =
            "Service map: \(nodes.count) nodes (\(nodes.filter(\.isVirtual).count) uninstrumented peers) in \(layout.layers.count) layers, \(edges.count) edges; callers left of the services they call."
        // Never drawn narrower than 85% of its viewBox, so its 11–12 px labels stay 9.3 px or more;
        // a wide map scrolls sideways inside its wrapper instead (`.sm-scroll`).
        let minWidth = Int((width * 0.85).rounded(.up))
        return .element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("viewBox", "0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))"),
                ("preserveAspectRatio", "xMidYMid meet"),
                ("role", "img"),
                ("class", "chart-svg service-map" + (compact ? " compact" : "")),
                ("style", "min-width:\(minWidth)px"),
            ],
            [
                .el("title", .text(title)), .el("desc", .text(description)),
                .el("g", ["class": "sm-edges"], children: edgeNodes), .el("g", ["class": "sm-nodes"], children: nodeNodes),
            ])
    }

    /// A triangle with its point at `to`, along the direction from `from`.
    func arrowhead(from: (x: Double, y: Double), to: (x: Double, y: Double)) -> String {
        var dx = to.x - from.x, dy = to.y - from.y
        let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        dx /= length
        dy /= length
        let back = (x: to.x - dx * 8, y: to.y - dy * 8)
        let left = (x: back.x - dy * 4, y: back.y + dx * 4), right = (x: back.x + dy * 4, y: back.y - dx * 4)
        return "\(n(to.x)),\(n(to.y)) \(n(left.x)),\(n(left.y)) \(n(right.x)),\(n(right.y))"
    }

    func n(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 1) }

    /// The legend: what the colours and shapes mean.
    static func legend() -> Node {
        .el(
            "ul", ["class": "legend sm-legend"],
            children: [
                ("sm-e0", "no errors"), ("sm-e1", "errors ≤ 1%"), ("sm-e2", "errors ≤ 5%"), ("sm-e3", "errors > 5%"),
            ].map { cls, text in .el("li", children: [.el("span", ["class": "sm-swatch " + cls]), .text(text)]) }
                + [
                    .el("li", children: [.el("span", ["class": "sm-swatch sm-virtual-swatch"]), .text("uninstrumented peer")]),
                    .el("li", .text("★ focus service · size: spans · arrows: caller → callee")),
                ])
    }
}
