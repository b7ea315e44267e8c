import TelemetryModel

/// The spans of one trace in waterfall order: depth-first from the root, children by start time
/// then span id. Orphans (parent missing) are attached under the root and flagged; spans in
/// cycles or otherwise unreachable are appended at depth 1 so no span is ever lost.
public struct TraceTree: Sendable {
    public struct Row: Sendable {
        /// Index into the snapshot's span array.
        public var spanIndex: Int
        public var depth: Int
        public var isOrphan: Bool
        /// The row index of the parent row, nil for the root.
        public var parentRow: Int?
        /// Number of descendants (rows following this one with greater depth).
        public var descendantCount: Int
        /// Duration minus the union of its children's intervals (clipped to the span), in ns.
        public var selfTimeNanos: Int64
        /// The span starts before or ends after its parent (clock skew or async work).
        public var outsideParent: Bool
    }

    public var rows: [Row]

    public init(snapshot: Snapshot, trace: TraceSummary) {
        let spans = snapshot.spans
        let base = trace.spanRange.lowerBound
        let parents = TraceParents.parents(spans, trace: trace)
        let selfTimes = TraceParents.selfTimes(spans, trace: trace, parents: parents)
        var children: [Int: [Int]] = [:]
        let orphanSet = Set(trace.orphanIndexes)
        for i in trace.spanRange where parents[i - base] >= 0 { children[parents[i - base], default: []].append(i) }
        // spanRange is already in start-time order, so children lists are too. Depth-first with
        // an explicit stack rather than recursion: a trace may be tens of thousands of levels
        // deep (a runaway recursion in the traced program), which would overflow the call stack.
        var rows: [Row] = []
        rows.reserveCapacity(trace.spanCount)
        var visited = Set<Int>()
        func walk(from start: Int, depth: Int, parentRow: Int?, orphan: Bool) {
            var stack: [(span: Int, depth: Int, parentRow: Int?, orphan: Bool)] = [(start, depth, parentRow, orphan)]
            while let (i, d, pr, o) = stack.popLast() {
                guard visited.insert(i).inserted else { continue }
                let rowIndex = rows.count
                var outside = false
                if let pr {
                    let p = rows[pr].spanIndex
                    outside = spans.startTimes[i] < spans.startTimes[p] || spans.endTimes[i] > spans.endTimes[p]
                }
                let kids = children[i] ?? []
                rows.append(Row(spanIndex: i, depth: d, isOrphan: o, parentRow: pr, descendantCount: 0,
                                selfTimeNanos: selfTimes[i - base],
                                outsideParent: outside))
                for c in kids.reversed() {
                    stack.append((c, d + 1, rowIndex, orphanSet.contains(c)))
                }
            }
        }
        walk(from: trace.rootIndex, depth: 0, parentRow: nil, orphan: false)
        for i in trace.spanRange where !visited.contains(i) {
            walk(from: i, depth: 1, parentRow: 0, orphan: true)
        }
        // Rows are in preorder, so every row's descendants follow it: add each row's subtree
        // size to its parent, from the last row back.
        for r in rows.indices.reversed() {
            if let p = rows[r].parentRow { rows[p].descendantCount += 1 + rows[r].descendantCount }
        }
        self.rows = rows
    }

    /// The critical path: from the root, repeatedly the child that ends last (the one the parent
    /// waited for), as Jaeger's critical-path view approximates it. Returns row indexes.
    public func criticalPath(spans: SpanTable) -> [Int] {
        guard !rows.isEmpty else { return [] }
        var path = [0]
        var current = 0
        while true {
            var best: Int? = nil
            var r = current + 1
            let end = current + rows[current].descendantCount
            while r <= end {
                if rows[r].parentRow == current {
                    if best == nil || spans.endTimes[rows[r].spanIndex] > spans.endTimes[rows[best!].spanIndex] {
                        best = r
                    }
                }
                r += 1 + (rows[r].parentRow == current ? rows[r].descendantCount : 0)
            }
            guard let b = best else { break }
            path.append(b)
            current = b
        }
        return path
    }
}
