import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Trees, self times and critical paths built one after another in shared buffers
/// (`TraceTree.Scratch`, `TraceParents.Scratch`; issue 7) against the versions before, which
/// allocated fresh arrays per trace and kept an array of children per row: random traces of
/// every size (past the scan limit too), children outside or partly outside their parent, equal
/// end times, orphans, spans naming themselves or each other, traces in any order so large
/// buffers are reused by small traces.
@Suite struct TraceScratchReferenceTests {
    static func randomSnapshot(seed: UInt64, traceCount: Int) -> Snapshot {
        var g = Generator(state: seed)
        var b = SnapshotBuilder()
        for s in ["a", "b"] { _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(s))])) }
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for t in 0..<traceCount {
            let size = [1, 2, 3, 5, 8, 20, 40, 90][g.next(8)]
            let base = UInt64(t * 1000 + 1)
            for k in 0..<size {
                let id = base + UInt64(k)
                var parent: UInt64 = 0
                if k > 0 {
                    switch g.next(20) {
                    case 0: parent = 999_999_999  // missing: an orphan
                    case 1: parent = id  // names itself
                    case 2: parent = base + UInt64(g.next(size))  // any span, later ones too (cycles)
                    default: parent = base + UInt64(g.next(k))
                    }
                } else if g.next(10) == 0 {
                    parent = base + 1  // no root: the first orphan stands in
                }
                // Coarse times: equal starts and ends, children outside their parents.
                let start = t0 + Int64(g.next(10)) * 1_000_000
                let duration = Int64(g.next(10)) * 1_000_000
                spans.append(
                    Span(
                        traceID: TraceID(high: 0, low: UInt64(t + 1)), spanID: SpanID(id), parentSpanID: SpanID(parent),
                        name: "s\(g.next(4))", kind: .internal, startTimeUnixNano: start, endTimeUnixNano: start + duration,
                        status: .unset, attributes: [], resourceIndex: Int32(g.next(2))))
            }
        }
        b.add(spans)
        return b.finish()
    }

    static func describe(_ rows: [TraceTree.Row]) -> [String] { rows.map { String(describing: $0) } }

    @Test func sharedBuffersGiveTheSameTreesSelfTimesAndCriticalPaths() {
        for seed in 0..<8 {
            let snap = Self.randomSnapshot(seed: UInt64(seed), traceCount: 120)
            var traces = TraceAssembler.assemble(snap)
            var g = Generator(state: UInt64(seed) + 7)
            for i in traces.indices.reversed() { traces.swapAt(i, g.next(i + 1)) }
            var scratch = TraceTree.Scratch()
            var sectionCount = 0
            for trace in traces {
                let tree = TraceTree(spans: snap.spans, trace: trace, scratch: &scratch)
                let reference = TraceTree.referenceRows(snapshot: snap, trace: trace)
                #expect(Self.describe(tree.rows) == Self.describe(reference))
                #expect(TraceTree(snapshot: snap, trace: trace).rows.count == reference.count)
                let sections = tree.criticalSections(spans: snap.spans, scratch: &scratch)
                #expect(sections == tree.referenceCriticalSections(spans: snap.spans), "seed \(seed)")
                #expect(tree.criticalSections(spans: snap.spans) == sections)
                sectionCount += sections.count
                let parents = TraceParents.referenceParents(snap.spans, trace: trace)
                #expect(TraceParents.parents(snap.spans, trace: trace) == parents)
                #expect(
                    TraceParents.selfTimes(snap.spans, trace: trace, parents: parents)
                        == TraceParents.referenceSelfTimes(snap.spans, trace: trace, parents: parents))
            }
            #expect(sectionCount > traces.count)
            // Every span's self time at once, traces in table order (as `assemble` gives them).
            let inOrder = TraceAssembler.assemble(snap)
            var expected = [Int64](repeating: 0, count: snap.spans.count)
            for t in inOrder {
                let own = TraceParents.referenceSelfTimes(
                    snap.spans, trace: t, parents: TraceParents.referenceParents(snap.spans, trace: t))
                for (k, i) in t.spanRange.enumerated() { expected[i] = own[k] }
            }
            #expect(TraceParents.selfTimes(snap.spans, traces: inOrder) == expected)
        }
    }
}

private struct ReferenceFrame {
    var span: Int
    var depth: Int
    var parentRow: Int
    var orphan: Bool
}

private struct ReferenceRun {
    var start: Int64 = 0
    var end: Int64 = 0
    var covered: Int64 = 0
    var open = false
}

extension TraceTree {
    static func referenceRows(snapshot: Snapshot, trace: TraceSummary) -> [Row] {
        let spans = snapshot.spans
        let base = trace.spanRange.lowerBound
        let parents = TraceParents.referenceParents(spans, trace: trace)
        let selfTimes = TraceParents.referenceSelfTimes(spans, trace: trace, parents: parents)
        // Children by parent as one flat list (each parent's in span order, which is start-time
        // order) and per-span flags by position in the trace: a tree is built for every measured
        // trace of the slow-trace breakdown, so dictionaries and sets per trace were most of its cost.
        let count = trace.spanRange.count
        var childStart = [Int](repeating: 0, count: count + 1)
        for slot in 0..<count where parents[slot] >= 0 { childStart[parents[slot] - base + 1] += 1 }
        for slot in 0..<count { childStart[slot + 1] += childStart[slot] }
        var childList = [Int](repeating: 0, count: childStart[count])
        var filled = childStart
        for i in trace.spanRange where parents[i - base] >= 0 {
            let parentSlot = parents[i - base] - base
            childList[filled[parentSlot]] = i
            filled[parentSlot] += 1
        }
        var isOrphan = [Bool](repeating: false, count: count)
        for i in trace.orphanIndexes where trace.spanRange.contains(i) { isOrphan[i - base] = true }
        // spanRange is already in start-time order, so children lists are too. Depth-first with
        // an explicit stack rather than recursion: a trace may be tens of thousands of levels
        // deep (a runaway recursion in the traced program), which would overflow the call stack.
        var rows: [Row] = []
        rows.reserveCapacity(count)
        var visited = [Bool](repeating: false, count: count)
        var stack: [ReferenceFrame] = []
        func walk(from start: Int, depth: Int, parentRow: Int?, orphan: Bool) {
            stack.append(ReferenceFrame(span: start, depth: depth, parentRow: parentRow ?? -1, orphan: orphan))
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
                    stack.append(ReferenceFrame(span: c, depth: frame.depth + 1, parentRow: rowIndex, orphan: isOrphan[c - base]))
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
        return rows
    }

    func referenceCriticalSections(spans: SpanTable) -> [CriticalSection] {
        guard !rows.isEmpty else { return [] }
        // Clipped intervals, top-down (rows are in preorder, so a parent precedes its children).
        var start = [Int64](repeating: 0, count: rows.count)
        var end = [Int64](repeating: 0, count: rows.count)
        var kept = [Bool](repeating: true, count: rows.count)
        var children = [[Int]](repeating: [], count: rows.count)
        for r in rows.indices {
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
                children[p].append(r)
            }
            (start[r], end[r]) = (s, max(s, e))
        }
        // Children latest-finishing first (ties: earlier row first), with a cursor per span:
        // each return to a parent asks for an earlier bound, so the cursor only moves forward.
        for r in children.indices where children[r].count > 1 {
            children[r].sort { a, b in end[a] != end[b] ? end[a] > end[b] : a < b }
        }
        var cursor = [Int](repeating: 0, count: rows.count)
        var sections: [CriticalSection] = []
        var current = 0
        var returning: Int64? = nil
        while true {
            let bound = returning ?? end[current]
            let kids = children[current]
            var next: Int? = nil
            if returning == nil {
                next = kids.first
            } else {
                while cursor[current] < kids.count, end[kids[cursor[current]]] >= bound { cursor[current] += 1 }
                if cursor[current] < kids.count { next = kids[cursor[current]] }
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
        return sections
    }
}

extension TraceParents {
    static func referenceParents(_ spans: SpanTable, trace: TraceSummary) -> [Int] {
        let range = trace.spanRange
        var result = [Int](repeating: trace.rootIndex, count: range.count)
        let orphans = trace.orphanIndexes.isEmpty ? [] : Set(trace.orphanIndexes)
        var byID: [SpanID: Int] = [:]
        if range.count > scanLimit {
            byID.reserveCapacity(range.count)
            for i in range { byID[spans.spanIDs[i]] = i }
        }
        for i in range {
            let slot = i - range.lowerBound
            if i == trace.rootIndex {
                result[slot] = -1
                continue
            }
            guard orphans.isEmpty || !orphans.contains(i) else { continue }
            let parentID = spans.parentSpanIDs[i]
            var p: Int? = nil
            if range.count > scanLimit {
                p = byID[parentID]
            } else {
                var j = range.upperBound - 1
                while j >= range.lowerBound {
                    if spans.spanIDs[j] == parentID {
                        p = j
                        break
                    }
                    j -= 1
                }
            }
            if let p, p != i { result[slot] = p }
        }
        return result
    }

    static func referenceSelfTimes(_ spans: SpanTable, trace: TraceSummary, parents: [Int]) -> [Int64] {
        let range = trace.spanRange
        let base = range.lowerBound
        let n = range.count
        var inStartOrder = true
        for i in range.dropFirst() where spans.startTimes[i - 1] > spans.startTimes[i] {
            inStartOrder = false
            break
        }
        // Spans not in start order (a table built by hand): sort each span's children instead.
        if !inStartOrder { return selfTimes(spans, trace: trace, parents: parents) }  // not reached: the builder sorts by start
        // One array of per-span runs (the union of its children's intervals so far, merged while
        // they overlap), not four: this runs for every trace, several times per report.
        var runs = [ReferenceRun](repeating: ReferenceRun(), count: n)
        for i in range {
            let p = parents[i - base]
            guard p >= 0 else { continue }
            let s = spans.startTimes[p], e = spans.endTime(at: p)
            guard e > s else { continue }
            let a = max(s, spans.startTimes[i]), b = min(e, spans.endTime(at: i))
            guard a < b else { continue }
            let k = p - base
            if runs[k].open, a <= runs[k].end {
                runs[k].end = max(runs[k].end, b)
            } else {
                if runs[k].open { runs[k].covered += runs[k].end - runs[k].start }
                runs[k].open = true
                runs[k].start = a
                runs[k].end = b
            }
        }
        var result = [Int64](repeating: 0, count: n)
        for k in 0..<n {
            let i = base + k
            let s = spans.startTimes[i], e = spans.endTime(at: i)
            guard e > s else { continue }
            var covered = runs[k].covered
            if runs[k].open { covered += runs[k].end - runs[k].start }
            result[k] = (e - s) - covered
        }
        return result
    }
}
