import Charts
import Markup
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `compare.html`: which attribute values set an operation's slow spans (its slowest 5%) apart
/// from the rest — ranked for every operation, then, for the strongest, the latency distribution
/// of each value on one axis with a percentile table, and for numeric attributes a scatter of
/// value against duration with Spearman's rank correlation.
struct ComparePage {
    let context: RenderContext
    static let detailCount = 6
    /// How many of an operation's spans ahead `spans(of:)` hints an attribute range.
    static let prefetchDistance = 16

    var comparisons: [AttributeComparison] { context.analysis.comparisons }

    func content(_ linker: Linker) -> Node {
        var body: [Node] = [
            .el("h1", .text("What sets slow spans apart")),
            .el(
                "p", ["class": "lede"],
                .text(
                    "For each operation (service and span name) of \(context.analysis.focusService ?? "the focus service") with at least 20 spans (and every operation with an attribute named by --compare), spans at or above the operation's nearest-rank p95 duration are \"slow\". Every attribute is scored by the largest difference, over its values (numbers: over ten ranges), between the value's share of the slow spans and its share of the rest, less that difference's 95% margin of error — 0 when slow and normal spans look alike or the difference could be chance, near 1 when a value marks exactly the slow ones."
                )),
        ]
        guard !comparisons.isEmpty else {
            body.append(.el("div", ["class": "nodata"], .text("No operation has enough spans (20) with attributes to compare.")))
            return .fragment(body + extraSections(linker))
        }
        let detailed = Array(comparisons.prefix(Self.detailCount))
        body.append(Components.section("Ranking", id: linker.id("ranking"), [ranking(linker)]))
        for (i, c) in detailed.enumerated() {
            body.append(detail(c, index: i, linker: linker))
        }
        return .fragment(body + extraSections(linker))
    }

    /// The sections of issue 15: where the slowest traces' time goes, and after against before.
    func extraSections(_ linker: Linker) -> [Node] {
        [
            BreakdownSection(context: context).content(linker), WindowsSection(context: context).content(linker),
            CorrelationSection(context: context).content(linker),
        ]
    }

    func ranking(_ linker: Linker) -> Node {
        let rows: [[Node]] = comparisons.prefix(25).enumerated().map { i, c in
            let top = c.groups.first { $0.value == c.topValue }
            let attr: Node =
                i < Self.detailCount
                ? .el("a", ["href": linker.href(linker.current, "comparison-\(i)")], .el("code", .text(c.attribute)))
                : .el("code", .text(c.attribute))
            return [
                .text(String(i + 1)), .text(c.service), .text(c.operation), attr, .text(c.kind.rawValue),
                .text(NumberFormat.fixed(c.score, decimals: 2)),
                .el("code", .text(Display.truncated(c.topValue, limit: 40).text)),
                .text(top.map { NumberFormat.percent($0.slowShare, .tenths) } ?? "–"),
                .text(top.map { NumberFormat.percent($0.restShare, .tenths) } ?? "–"),
                traceLink(c, linker: linker),
            ]
        }
        return Components.table(
            headers: ["#", "Service", "Operation", "Attribute", "Kind", "Score", "Value", "Share of slow", "Share of rest", "Traces"],
            numeric: [0, 5, 7, 8], rows: rows)
    }

    /// A link opening the trace page with this comparison's values set as filters A and B
    /// (`TraceFilterState`), where their traces' durations are summarised side by side.
    func traceLink(_ c: AttributeComparison, linker: Linker) -> Node {
        let state = TraceFilterState(comparison: c)
        return .el(
            "a",
            [
                "href": linker.stateHref(.traces, state: state.fragment),
                "title": "A: \(state.a ?? "") — B: \(state.b ?? "")",
            ], .text("A/B"))
    }

    func detail(_ c: AttributeComparison, index: Int, linker: Linker) -> Node {
        let members = spans(of: c)
        var parts: [Node] = [
            Components.methodNote(
                "\(c.slowCount) slow spans (≥ \(NumberFormat.duration(nanos: c.slowThresholdNanos, .table))) and \(c.restCount) others; score \(NumberFormat.fixed(c.score, decimals: 2))"
                    + (c.rankCorrelation.map {
                        "; Spearman rank correlation of \(c.attribute) with duration \(NumberFormat.fixed($0, decimals: 3))"
                    } ?? "") + ".")
        ]
        parts.append(histogram(c, members: members))
        if c.kind == .numeric {
            parts.append(scatter(c, members: members))
        }
        parts.append(groupTable(c))
        let state = TraceFilterState(comparison: c)
        parts.append(
            .el(
                "p", ["class": "method"],
                children: [
                    .el("a", ["href": linker.stateHref(.traces, state: state.fragment)], .text("Compare these on the trace page")),
                    .text(": A "), .el("code", .text(state.a ?? "")), .text(" against B "), .el("code", .text(state.b ?? "")),
                    .text(" (whole traces with such a span, as render --where keeps them)."),
                ]))
        return .el(
            "section", ["class": "panel", "id": linker.id("comparison-\(index)"), "aria-label": "\(c.attribute) in \(c.operation)"],
            children: [
                .el("h2", children: [.text("\(c.service): \(c.operation) — "), .el("code", .text(c.attribute))])
            ] + parts)
    }

    /// The operation's spans with their group index, in span order.
    ///
    /// The span's service is found by its resource's number (`ServiceIndex`), and its value's
    /// group once per distinct value as the span table stores it: the detailed comparisons each
    /// scan every span, and looking the key's name up, making the value and its text, and
    /// comparing the service's name per span of the operation took 4-5% of the render phase at
    /// 2M spans (issue 7).
    func spans(of c: AttributeComparison) -> [(group: Int, span: Int)] {
        let snap = context.analysis.snapshot
        let spans = snap.spans
        let services = ServiceIndex(snap)
        guard let nameID = spans.strings.id(of: c.operation), let serviceID = services.names.firstIndex(of: c.service) else {
            return []
        }
        let keyID = spans.strings.id(of: c.attribute)
        let missingGroup = c.groupIndex(of: nil)
        var groupOfValue: [StoredValue: Int] = [:]  // -1: in no group
        var last: (value: StoredValue, group: Int)?
        // Spans that share an attribute list (`shareRepeatedAttributeLists`) share its range and
        // so its group: found once per range (group + 1, 0 for none) instead of looking the key
        // up in every span's list.
        var groupOfList = IntegerMap(capacity: 64)
        // The operation's spans first (two columns read in order), then their attribute lists
        // with each list's range hinted ahead: read as the scan met them, the ranges of an
        // operation's spans (scattered through the trace order) were three quarters of this
        // function's samples, each a wait for memory (issue 7).
        var operationSpans: [Int] = []
        spans.nameIDs.withUnsafeBufferPointer { names in
            for i in names.indices where names[i] == nameID && services.id(ofResource: spans.resourceIndexes[i]) == serviceID {
                operationSpans.append(i)
            }
        }
        var members: [(group: Int, span: Int)] = []
        members.reserveCapacity(operationSpans.count)
        for (k, i) in operationSpans.enumerated() {
            if k + Self.prefetchDistance < operationSpans.count {
                spans.prefetchAttributeRange(ofSpan: operationSpans[k + Self.prefetchDistance])
            }
            let list = spans.attributeRanges[i]
            let word = UInt64(list.start) << 32 | UInt64(list.count)
            if let code = groupOfList.value(low: word) {
                if code > 0 { members.append((Int(code) - 1, i)) }
                continue
            }
            let group: Int?
            if let stored = keyID.flatMap({ spans.storedAttribute($0, at: i) }) {
                let g: Int
                if let last, last.value == stored {
                    g = last.group
                } else if let known = groupOfValue[stored] {
                    g = known
                } else {
                    g = c.groupIndex(of: spans.value(stored)) ?? -1
                    groupOfValue[stored] = g
                }
                last = (stored, g)
                group = g < 0 ? nil : g
            } else {
                group = missingGroup
            }
            _ = groupOfList.value(low: word, insertingIfAbsent: group.map { Int32($0) + 1 } ?? 0)
            guard let group else { continue }
            members.append((group, i))
        }
        return members
    }

    func histogram(_ c: AttributeComparison, members: [(group: Int, span: Int)]) -> Node {
        let spans = context.analysis.snapshot.spans
        let all = members.map { Double(spans.durationNanos(at: $0.span)) / 1e6 }
        let edges = Histogram.edges(covering: all, logarithmic: true, maxBins: 24)
        let shown = c.groups.indices.sorted { c.groups[$0].count > c.groups[$1].count }.prefix(8).sorted()
        // Each member's bin is found once, and every group's counts in one pass over the members
        // (a filter, the durations again and a binning per shown group before).
        var counts = [[Double]](repeating: [Double](repeating: 0, count: max(0, edges.count - 1)), count: c.groups.count)
        for (k, member) in members.enumerated() {
            if let bin = Histogram.binIndex(all[k], edges: edges) { counts[member.group][bin] += 1 }
        }
        let groups = shown.map { g in
            HistogramGroup(name: Display.truncated(c.groups[g].value, limit: 40).text + " (\(c.groups[g].count))", counts: counts[g])
        }
        return Histogram(
            title: "Duration of \(c.operation) spans by \(c.attribute)", unit: .milliseconds, edges: edges,
            groups: groups, layout: .smallMultiples, normalized: true
        ).render()
    }

    func scatter(_ c: AttributeComparison, members: [(group: Int, span: Int)]) -> Node {
        let spans = context.analysis.snapshot.spans
        let limit = 3000
        let stride = max(1, (members.count + limit - 1) / limit)
        let points: [ScatterPoint] = members.enumerated().compactMap { i, m in
            guard i % stride == 0, let x = spans.attribute(c.attribute, at: m.span)?.numericValue else { return nil }
            let ms = Double(spans.durationNanos(at: m.span)) / 1e6
            return ScatterPoint(
                x: x, y: ms, cssClass: spans.durationNanos(at: m.span) >= c.slowThresholdNanos ? "error" : nil,
                href: nil,
                title:
                    "\(c.attribute)=\(NumberFormat.shortest(x)) · \(NumberFormat.duration(nanos: spans.durationNanos(at: m.span), .table))")
        }
        var chart = ScatterChart(
            title: "\(c.attribute) against duration", unit: .milliseconds, points: points,
            legend: [LegendEntry(name: "slow (≥ p95)", cssClass: "error")], zeroBaseline: true)
        chart.xUnit = .count
        chart.xLabel = c.attribute
        var nodes: [Node] = [chart.render()]
        if stride > 1 { nodes.append(Components.methodNote("Every \(stride)th of \(members.count) spans is plotted.")) }
        return .fragment(nodes)
    }

    func groupTable(_ c: AttributeComparison) -> Node {
        let rows: [[Node]] = c.groups.map { g in
            let l = g.latency
            return [
                .el("code", .text(Display.truncated(g.value, limit: 60).text)), .text(NumberFormat.count(g.count)),
                .text(NumberFormat.percent(g.slowShare, .tenths)), .text(NumberFormat.percent(g.restShare, .tenths)),
                .text(l.map { NumberFormat.duration(nanos: $0.p50, .table) } ?? "–"),
                .text(l.map { NumberFormat.duration(nanos: $0.p95, .table) } ?? "–"),
                .text(l.map { NumberFormat.duration(nanos: $0.p99, .table) } ?? "–"),
                .text(l.map { NumberFormat.duration(nanos: $0.p999, .table) } ?? "–"),
                .text(l.map { NumberFormat.duration(nanos: $0.max, .table) } ?? "–"),
            ]
        }
        return Components.table(
            headers: [
                c.kind == .numeric ? "Range" : "Value", "Spans", "Share of slow", "Share of rest", "p50", "p95", "p99", "p99.9", "max",
            ],
            numeric: Set(1...8), rows: rows)
    }

}
