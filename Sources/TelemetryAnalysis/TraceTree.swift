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
        var byID: [SpanID: Int] = [:]
        for i in trace.spanRange { byID[spans[i].spanID] = i }
        var children: [Int: [Int]] = [:]
        let orphanSet = Set(trace.orphanIndexes)
        for i in trace.spanRange where i != trace.rootIndex {
            let s = spans[i]
            if let p = byID[s.parentSpanID], !orphanSet.contains(i), p != i {
                children[p, default: []].append(i)
            } else {
                children[trace.rootIndex, default: []].append(i)
            }
        }
        // spanRange is already in start-time order, so children lists are too.
        var rows: [Row] = []
        var visited = Set<Int>()
        func visit(_ i: Int, depth: Int, parentRow: Int?, orphan: Bool) {
            guard visited.insert(i).inserted else { return }
            let rowIndex = rows.count
            var outside = false
            if let pr = parentRow {
                let p = spans[rows[pr].spanIndex]
                outside = spans[i].startTimeUnixNano < p.startTimeUnixNano || spans[i].endTimeUnixNano > p.endTimeUnixNano
            }
            rows.append(Row(spanIndex: i, depth: depth, isOrphan: orphan, parentRow: parentRow, descendantCount: 0,
                            selfTimeNanos: TraceTree.selfTime(of: spans[i], children: (children[i] ?? []).map { spans[$0] }),
                            outsideParent: outside))
            for c in children[i] ?? [] {
                visit(c, depth: depth + 1, parentRow: rowIndex, orphan: orphanSet.contains(c))
            }
            rows[rowIndex].descendantCount = rows.count - rowIndex - 1
        }
        visit(trace.rootIndex, depth: 0, parentRow: nil, orphan: false)
        for i in trace.spanRange where !visited.contains(i) {
            visit(i, depth: 1, parentRow: 0, orphan: true)
        }
        rows[0].descendantCount = rows.count - 1
        self.rows = rows
    }

    /// Self time: the part of a span's interval covered by none of its direct children.
    public static func selfTime(of span: Span, children: [Span]) -> Int64 {
        let s = span.startTimeUnixNano, e = span.endTimeUnixNano
        guard e > s else { return 0 }
        let intervals = children
            .map { (max(s, $0.startTimeUnixNano), min(e, $0.endTimeUnixNano)) }
            .filter { $0.0 < $0.1 }
            .sorted { $0.0 < $1.0 }
        var covered: Int64 = 0
        var curStart: Int64? = nil, curEnd: Int64 = 0
        for (a, b) in intervals {
            if let cs = curStart, a <= curEnd {
                curEnd = max(curEnd, b)
                curStart = cs
            } else {
                if let cs = curStart { covered += curEnd - cs }
                curStart = a
                curEnd = b
            }
        }
        if let cs = curStart { covered += curEnd - cs }
        return (e - s) - covered
    }

    /// The critical path: from the root, repeatedly the child that ends last (the one the parent
    /// waited for), as Jaeger's critical-path view approximates it. Returns row indexes.
    public func criticalPath(spans: [Span]) -> [Int] {
        guard !rows.isEmpty else { return [] }
        var path = [0]
        var current = 0
        while true {
            var best: Int? = nil
            var r = current + 1
            let end = current + rows[current].descendantCount
            while r <= end {
                if rows[r].parentRow == current {
                    if best == nil || spans[rows[r].spanIndex].endTimeUnixNano > spans[rows[best!].spanIndex].endTimeUnixNano {
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
