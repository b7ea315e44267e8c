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

    /// A span waiting on the walk's stack (a named type: a tuple's metadata was looked up at
    /// run time on every tree).
    fileprivate struct Frame {
        var span: Int
        var depth: Int
        /// The parent's row, −1 for none.
        var parentRow: Int
        var orphan: Bool
    }

    /// Buffers for building one tree after another and finding their critical paths (the
    /// slow-trace breakdown builds tens of thousands): refilled for each tree instead of
    /// allocated, since a dozen small arrays per tree cost more than the work on them.
    struct Scratch {
        var parents = TraceParents.Scratch()
        var childStart: [Int] = [], childList: [Int] = [], filled: [Int] = []
        var isOrphan: [Bool] = [], visited: [Bool] = []
        fileprivate var stack: [Frame] = []
        var start: [Int64] = [], end: [Int64] = []
        var kept: [Bool] = []
        var cursor: [Int] = []
        /// A tree's rows and critical path, handed back by the caller when it is done with them
        /// (`SlowTraceBreakdown.appendEntries`), so the next tree reuses their storage.
        var rows: [Row] = []
        var sections: [CriticalSection] = []
    }

    /// `known`: the assembly's parent lookups (`SnapshotAnalysis.spanParents`) when `trace` is
    /// one of the analysis's traces over `snapshot`, read instead of indexing the trace again.
    public init(snapshot: Snapshot, trace: TraceSummary, known: SpanParents? = nil) {
        var scratch = Scratch()
        self.init(spans: snapshot.spans, trace: trace, scratch: &scratch, known: known)
    }

    /// The tree of `trace`, built in `scratch`'s buffers (kept for the next tree). The table and
    /// the summary are borrowed: an initializer's arguments are otherwise copied in, and copying
    /// a span table retains each of its columns.
    init(spans: borrowing SpanTable, trace: borrowing TraceSummary, scratch: inout Scratch, known: SpanParents? = nil) {
        let base = trace.spanRange.lowerBound
        TraceParents.parents(
            spans, range: trace.spanRange, root: trace.rootIndex, orphanIndexes: trace.orphanIndexes, known: known,
            into: &scratch.parents)
        TraceParents.selfTimes(spans, trace: trace, parents: scratch.parents.parents, into: &scratch.parents)
        let parents = scratch.parents.parents, selfTimes = scratch.parents.selfTimes
        // Children by parent as one flat list (each parent's in span order, which is start-time
        // order) and per-span flags by position in the trace: a tree is built for every measured
        // trace of the slow-trace breakdown, so dictionaries and sets per trace were most of its cost.
        let count = trace.spanRange.count
        var childStart: [Int] = [], childList: [Int] = [], filled: [Int] = []
        var isOrphan: [Bool] = [], visited: [Bool] = []
        var stack: [Frame] = []
        swap(&childStart, &scratch.childStart)
        swap(&childList, &scratch.childList)
        swap(&filled, &scratch.filled)
        swap(&isOrphan, &scratch.isOrphan)
        swap(&visited, &scratch.visited)
        swap(&stack, &scratch.stack)
        defer {
            swap(&childStart, &scratch.childStart)
            swap(&childList, &scratch.childList)
            swap(&filled, &scratch.filled)
            swap(&isOrphan, &scratch.isOrphan)
            swap(&visited, &scratch.visited)
            swap(&stack, &scratch.stack)
        }
        childStart.refill(with: 0, count: count + 1)
        for slot in 0..<count where parents[slot] >= 0 { childStart[parents[slot] - base + 1] += 1 }
        for slot in 0..<count { childStart[slot + 1] += childStart[slot] }
        childList.refill(with: 0, count: childStart[count])
        filled.removeAll(keepingCapacity: true)
        filled.append(contentsOf: childStart)
        for i in trace.spanRange where parents[i - base] >= 0 {
            let parentSlot = parents[i - base] - base
            childList[filled[parentSlot]] = i
            filled[parentSlot] += 1
        }
        isOrphan.refill(with: false, count: count)
        for i in trace.orphanIndexes where trace.spanRange.contains(i) { isOrphan[i - base] = true }
        // spanRange is already in start-time order, so children lists are too. Depth-first with
        // an explicit stack rather than recursion: a trace may be tens of thousands of levels
        // deep (a runaway recursion in the traced program), which would overflow the call stack.
        var rows: [Row] = []
        swap(&rows, &scratch.rows)
        rows.removeAll(keepingCapacity: true)
        rows.reserveCapacity(count)
        visited.refill(with: false, count: count)
        stack.removeAll(keepingCapacity: true)
        func walk(from start: Int, depth: Int, parentRow: Int?, orphan: Bool) {
            stack.append(Frame(span: start, depth: depth, parentRow: parentRow ?? -1, orphan: orphan))
            while let frame = stack.popLast() {
                let i = frame.span
                guard !visited[i - base] else { continue }
                visited[i - base] = true
                let rowIndex = rows.count
                var outside = false
                let pr: Int? = frame.parentRow >= 0 ? frame.parentRow : nil
                if let pr {
                    let p = rows[pr].spanIndex
                    outside = spans.startTimes[i] < spans.startTimes[p] || spans.endTime(at: i) > spans.endTime(at: p)
                }
                rows.append(
                    Row(
                        spanIndex: i, depth: frame.depth, isOrphan: frame.orphan, parentRow: pr, descendantCount: 0,
                        selfTimeNanos: selfTimes[i - base],
                        outsideParent: outside))
                for k in stride(from: childStart[i - base + 1] - 1, through: childStart[i - base], by: -1) {
                    let c = childList[k]
                    stack.append(Frame(span: c, depth: frame.depth + 1, parentRow: rowIndex, orphan: isOrphan[c - base]))
                }
            }
        }
        walk(from: trace.rootIndex, depth: 0, parentRow: nil, orphan: false)
        for i in trace.spanRange where !visited[i - base] {
            walk(from: i, depth: 1, parentRow: 0, orphan: true)
        }
        // Rows are in preorder, so every row's descendants follow it: add each row's subtree
        // size to its parent, from the last row back.
        for r in rows.indices.reversed() {
            if let p = rows[r].parentRow { rows[p].descendantCount += 1 + rows[r].descendantCount }
        }
        self.rows = rows
    }

    /// One stretch of the critical path: the time from `startNanos` to `endNanos` (Unix ns)
    /// during which the trace was waiting on the span of row `row` itself.
    public struct CriticalSection: Sendable, Equatable {
        public var row: Int
        public var startNanos: Int64
        public var endNanos: Int64
    }

    /// The critical path as Jaeger UI computes it (`TracePage/CriticalPath`): children are first
    /// clipped to their parent (a child wholly outside it is dropped with its subtree); then,
    /// from the end of the root, walk back: the child that finished last, recursively into it;
    /// when a span has no child finishing before the point reached, the span itself is critical
    /// from its start and the walk returns to its parent at that start, where the next child is
    /// the one that finished last strictly before it. Sections are in walk order (latest first);
    /// empty sections are left out. Iterative, so a trace thousands of levels deep is fine.
    public func criticalSections(spans: SpanTable) -> [CriticalSection] {
        var scratch = Scratch()
        return criticalSections(spans: spans, scratch: &scratch)
    }

    /// `criticalSections(spans:)` in `scratch`'s buffers: each row's kept children are one
    /// flat list by parent rather than an array per row.
    func criticalSections(spans: SpanTable, scratch: inout Scratch) -> [CriticalSection] {
        var sections: [CriticalSection] = []
        criticalSections(spans: spans, scratch: &scratch, into: &sections)
        return sections
    }

    /// `criticalSections(spans:scratch:)` into `sections` (emptied first, its storage kept).
    func criticalSections(spans: SpanTable, scratch: inout Scratch, into sections: inout [CriticalSection]) {
        sections.removeAll(keepingCapacity: true)
        guard !rows.isEmpty else { return }
        let n = rows.count
        var start: [Int64] = [], end: [Int64] = [], kept: [Bool] = [], cursor: [Int] = []
        var childStart: [Int] = [], children: [Int] = [], filled: [Int] = []
        swap(&start, &scratch.start)
        swap(&end, &scratch.end)
        swap(&kept, &scratch.kept)
        swap(&cursor, &scratch.cursor)
        swap(&childStart, &scratch.childStart)
        swap(&children, &scratch.childList)
        swap(&filled, &scratch.filled)
        defer {
            swap(&start, &scratch.start)
            swap(&end, &scratch.end)
            swap(&kept, &scratch.kept)
            swap(&cursor, &scratch.cursor)
            swap(&childStart, &scratch.childStart)
            swap(&children, &scratch.childList)
            swap(&filled, &scratch.filled)
        }
        start.refill(with: 0, count: n)
        end.refill(with: 0, count: n)
        kept.refill(with: true, count: n)
        childStart.refill(with: 0, count: n + 1)
        // Clipped intervals, top-down (rows are in preorder, so a parent precedes its children),
        // and how many kept children each row has.
        for r in 0..<n {
            let i = rows[r].spanIndex
            var (s, e) = (spans.startTimes[i], spans.endTime(at: i))
            if let p = rows[r].parentRow {
                guard kept[p] else {
                    kept[r] = false
                    continue
                }
                let within = s >= start[p] && e <= end[p]
                if !within {
                    if s >= end[p] || e <= start[p] {
                        kept[r] = false
                        continue
                    }
                    s = max(s, start[p])
                    e = min(e, end[p])
                }
                childStart[p + 1] += 1
            }
            (start[r], end[r]) = (s, max(s, e))
        }
        for r in 0..<n { childStart[r + 1] += childStart[r] }
        children.refill(with: 0, count: childStart[n])
        filled.removeAll(keepingCapacity: true)
        filled.append(contentsOf: childStart)
        for r in 0..<n where kept[r] {
            guard let p = rows[r].parentRow else { continue }
            children[filled[p]] = r
            filled[p] += 1
        }
        // Children latest-finishing first (ties: earlier row first), with a cursor per span:
        // each return to a parent asks for an earlier bound, so the cursor only moves forward.
        for r in 0..<n where childStart[r + 1] - childStart[r] > 1 {
            children[childStart[r]..<childStart[r + 1]].sort { a, b in end[a] != end[b] ? end[a] > end[b] : a < b }
        }
        cursor.refill(with: 0, count: n)
        var current = 0
        var returning: Int64? = nil
        while true {
            let bound = returning ?? end[current]
            let first = childStart[current], kidCount = childStart[current + 1] - first
            var next: Int? = nil
            if returning == nil {
                if kidCount > 0 { next = children[first] }
            } else {
                while cursor[current] < kidCount, end[children[first + cursor[current]]] >= bound { cursor[current] += 1 }
                if cursor[current] < kidCount { next = children[first + cursor[current]] }
            }
            if let c = next {
                if end[c] != bound { sections.append(CriticalSection(row: current, startNanos: end[c], endNanos: bound)) }
                if returning == nil { cursor[current] = 1 }
                current = c
                returning = nil
            } else {
                if start[current] != bound { sections.append(CriticalSection(row: current, startNanos: start[current], endNanos: bound)) }
                guard let p = rows[current].parentRow else { break }
                returning = start[current]
                current = p
            }
        }
    }

    /// The rows on the critical path (`criticalSections`), in waterfall order.
    public func criticalPath(spans: SpanTable) -> [Int] {
        Set(criticalSections(spans: spans).map(\.row)).sorted()
    }
}
