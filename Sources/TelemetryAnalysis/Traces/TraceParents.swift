import TelemetryModel
import Vocabulary

/// Which span each span of a trace hangs under in the waterfall, and the self time that
/// follows, computed from the span table's columns in one pass per trace (DESIGN §4).
///
/// The rule is the waterfall's (`TraceTree`): a span's parent is the last span of the trace
/// with its parent id; the root, orphans (parent missing) and spans naming themselves hang under
/// the root. Self time is the part of a span's interval covered by none of its children's
/// intervals (clipped to the span). Children come in the table's (start time, span id) order,
/// so their clipped starts never decrease and the union is merged as they arrive: no child
/// lists, no sorting, no per-trace dictionaries for small traces.
public enum TraceParents {
    /// Traces up to this many spans find parents by a backwards scan (`TraceSpanLookup`); the
    /// tests' reference implementation splits its cases here too.
    static let scanLimit = TraceSpanLookup.scanLimit

    /// Buffers for the parents and self times of one trace after another (`TraceTree.Scratch`,
    /// `selfTimes(_:traces:)`): refilled for each trace instead of allocated, since allocating a
    /// few small arrays per trace cost more than filling them at 100k traces.
    public struct Scratch {
        public internal(set) var parents: [Int] = []
        var selfTimes: [Int64] = []
        fileprivate var runs: [ChildRun] = []
        fileprivate var byID = TraceSpanLookup()

        public init() {}
    }

    /// The parent of every span of `trace`, as indexes into the table; -1 for the root.
    public static func parents(_ spans: SpanTable, trace: TraceSummary) -> [Int] {
        var scratch = Scratch()
        parents(spans, trace: trace, into: &scratch)
        return scratch.parents
    }

    /// `parents(_:trace:)` into `scratch.parents`.
    public static func parents(_ spans: SpanTable, trace: TraceSummary, into scratch: inout Scratch) {
        parents(spans, range: trace.spanRange, root: trace.rootIndex, orphanIndexes: trace.orphanIndexes, into: &scratch)
    }

    /// `parents(_:trace:into:)` from the three fields of the summary it reads: a loop over
    /// every trace passes these rather than the summary, which it would copy (retaining its
    /// strings and arrays) for each call.
    /// `known`: the lookups the assembly made (`SpanParents`, for the traces it gave, over this
    /// table), read instead of indexing the trace again.
    public static func parents(
        _ spans: SpanTable, range: Range<Int>, root: Int, orphanIndexes: [Int], known: SpanParents? = nil,
        into scratch: inout Scratch
    ) {
        scratch.parents.refill(with: root, count: range.count)
        let orphans = orphanIndexes.isEmpty ? [] : Set(orphanIndexes)
        if known == nil { scratch.byID.load(spans.spanIDs, range: range) }
        for i in range {
            let slot = i - range.lowerBound
            if i == root {
                scratch.parents[slot] = -1
                continue
            }
            guard orphans.isEmpty || !orphans.contains(i) else { continue }
            let p: Int?
            if let known { p = known.lookup(i) } else { p = scratch.byID.lastIndex(of: spans.parentSpanIDs[i], in: spans.spanIDs) }
            if let p, p != i { scratch.parents[slot] = p }
        }
    }

    /// Self time of every span of `trace`, by position in its span range, given its parents.
    public static func selfTimes(_ spans: SpanTable, trace: TraceSummary, parents: [Int]) -> [Int64] {
        var scratch = Scratch()
        selfTimes(spans, trace: trace, parents: parents, into: &scratch)
        return scratch.selfTimes
    }

    /// `selfTimes(_:trace:parents:)` into `scratch.selfTimes` (`parents` may be `scratch.parents`).
    static func selfTimes(_ spans: SpanTable, trace: TraceSummary, parents: [Int], into scratch: inout Scratch) {
        selfTimes(spans, range: trace.spanRange, parents: parents, into: &scratch)
    }

    /// `selfTimes(_:trace:parents:into:)` from the trace's span range (the one field it reads).
    static func selfTimes(_ spans: SpanTable, range: Range<Int>, parents: [Int], into scratch: inout Scratch) {
        let base = range.lowerBound
        let n = range.count
        var inStartOrder = true
        for i in range.dropFirst() where spans.startTimes[i - 1] > spans.startTimes[i] {
            inStartOrder = false
            break
        }
        // Spans not in start order (a table built by hand): sort each span's children instead.
        if !inStartOrder {
            scratch.selfTimes = selfTimesSorting(spans, range: range, parents: parents)
            return
        }
        // One array of per-span runs (the union of its children's intervals so far, merged while
        // they overlap), not four: this runs for every trace, several times per report.
        var runs: [ChildRun] = []
        swap(&runs, &scratch.runs)
        defer { swap(&runs, &scratch.runs) }
        runs.refill(with: ChildRun(), count: n)
        scratch.selfTimes.refill(with: 0, count: n)
        // Through the buffers, without the arrays' uniqueness and bounds checks on every access
        // (500k spans: 118 → 103 M instructions; issue 7). Every index is still checked to be in
        // 0..<n, as the arrays would: a parent outside the trace is a caller's mistake and stops
        // the run.
        precondition(parents.count >= n, "a parent for every span of the trace")
        parents.withUnsafeBufferPointer { parents in
            runs.withUnsafeMutableBufferPointer { runs in
                for i in range {
                    let p = parents[i - base]
                    guard p >= 0 else { continue }
                    precondition(UInt(bitPattern: p &- base) < UInt(n), "a parent within the trace")
                    let s = spans.startTimes[p], e = spans.endTime(at: p)
                    guard e > s else { continue }
                    let a = max(s, spans.startTimes[i]), b = min(e, spans.endTime(at: i))
                    guard a < b else { continue }
                    let run = runs.baseAddress! + (p - base)
                    if run.pointee.open, a <= run.pointee.end {
                        run.pointee.end = max(run.pointee.end, b)
                    } else {
                        if run.pointee.open { run.pointee.covered += run.pointee.end - run.pointee.start }
                        run.pointee = ChildRun(start: a, end: b, covered: run.pointee.covered, open: true)
                    }
                }
                scratch.selfTimes.withUnsafeMutableBufferPointer { selfTimes in
                    for k in 0..<n {
                        let i = base + k
                        let s = spans.startTimes[i], e = spans.endTime(at: i)
                        guard e > s else { continue }
                        let run = runs[k]
                        selfTimes[k] = (e - s) - (run.open ? run.covered + (run.end - run.start) : run.covered)
                    }
                }
            }
        }
    }

    /// The children's time covered so far under one span, and the run of overlapping children
    /// being merged (`open`).
    fileprivate struct ChildRun {
        var start: Int64 = 0
        var end: Int64 = 0
        var covered: Int64 = 0
        var open = false
    }

    private static func selfTimesSorting(_ spans: SpanTable, range: Range<Int>, parents: [Int]) -> [Int64] {
        let base = range.lowerBound
        var children = [[Int]](repeating: [], count: range.count)
        for i in range where parents[i - base] >= 0 { children[parents[i - base] - base].append(i) }
        return range.map { i in
            let s = spans.startTimes[i], e = spans.endTime(at: i)
            guard e > s else { return 0 }
            let intervals = children[i - base]
                .map { (max(s, spans.startTimes[$0]), min(e, spans.endTime(at: $0))) }
                .filter { $0.0 < $0.1 }
                .sorted { $0.0 < $1.0 }
            var covered: Int64 = 0
            var run: (Int64, Int64)? = nil
            for (a, b) in intervals {
                if let r = run, a <= r.1 {
                    run = (r.0, max(r.1, b))
                } else {
                    if let r = run { covered += r.1 - r.0 }
                    run = (a, b)
                }
            }
            if let r = run { covered += r.1 - r.0 }
            return (e - s) - covered
        }
    }

    /// Self time of every span of the table, by span index, for traces that cover the table
    /// (as `TraceAssembler.assemble` gives them, each span in one trace); traces are worked
    /// through on every core, each writing its spans' slots of the result directly (collecting
    /// each chunk's times and copying them into place after was a pass on one core over every
    /// span: 2M spans, about 20 ms while the other core waited; issue 7).
    /// `known`: the assembly's parent lookups for these traces (`parents(_:range:root:orphanIndexes:known:into:)`).
    public static func selfTimes(_ spans: SpanTable, traces: [TraceSummary], known: SpanParents? = nil) -> [Int64] {
        let chunks = Swift.max(1, Swift.min(traces.count / 256, 64))
        return [Int64](unsafeUninitializedCapacity: spans.count) { result, initialized in
            result.initialize(repeating: 0)
            let base = result.baseAddress
            _ = Parallel.map(chunks) { k in
                var scratch = Scratch()
                // Through a buffer pointer: each summary is read in place, not copied (retaining
                // its strings and arrays) to be passed on.
                traces.withUnsafeBufferPointer { traces in
                    for t in Parallel.part(k, of: traces.count, parts: chunks) {
                        let range = traces[t].spanRange
                        // The slots are written through a pointer: a trace past the table stops here.
                        precondition(range.lowerBound >= 0 && range.upperBound <= spans.count)
                        parents(
                            spans, range: range, root: traces[t].rootIndex, orphanIndexes: traces[t].orphanIndexes, known: known,
                            into: &scratch)
                        selfTimes(spans, range: range, parents: scratch.parents, into: &scratch)
                        // Each span is in one trace, so no two chunks write one slot.
                        for (offset, time) in scratch.selfTimes.enumerated() { base![range.lowerBound + offset] = time }
                    }
                }
            }
            initialized = spans.count
        }
    }
}
