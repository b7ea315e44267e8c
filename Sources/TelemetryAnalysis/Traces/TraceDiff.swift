import TelemetryModel
import Vocabulary

/// A slow trace against its typical one (`TraceBaselines`), span path by span path (issue 15).
///
/// A span's path is the chain of (service, span name) from the root down to it, following the
/// waterfall's parents (`TraceParents`: orphans hang under the root). Spans of one path are
/// paired between the traces in start order — the k-th in one trace with the k-th in the other —
/// so repeated siblings match one to one and the spans beyond the shorter list are the ones added
/// or removed. Per path, each trace's count, summed duration and summed self time (the span's
/// time covered by none of its children, `TraceParents.selfTimes`) are given; the time a path adds
/// is the difference of its summed self times, which over all paths adds up to the difference
/// of the traces' summed self times. Rows are sorted by the time they add (most first), then
/// by path.
public struct TraceDiff: Sendable, Equatable {
    /// One step of a path: a span's service and name.
    public struct Step: Sendable, Hashable {
        public var service: String
        public var name: String
        public init(service: String, name: String) {
            self.service = service
            self.name = name
        }
    }

    /// Count, summed duration and summed self time of one path's spans in one trace.
    public struct Side: Sendable, Equatable {
        public var count = 0
        public var durationNanos: Int64 = 0
        public var selfNanos: Int64 = 0
        public init(count: Int = 0, durationNanos: Int64 = 0, selfNanos: Int64 = 0) {
            self.count = count
            self.durationNanos = durationNanos
            self.selfNanos = selfNanos
        }
    }

    /// What changed on a path, decided in this order.
    public enum Change: String, Sendable {
        /// In the trace, not in the baseline.
        case added
        /// In the baseline, not in the trace.
        case removed
        /// At least twice as many calls as in the baseline (N+1: one call became forty).
        case multiplied
        /// The spans paired in start order took at least `slowerRatio` times as long in total,
        /// and `slowerMinimumNanos` more.
        case slower
        /// None of the above.
        case same
    }

    public struct Row: Sendable, Equatable {
        public var path: [Step]
        public var baseline: Side
        public var trace: Side
        /// Summed duration of the spans paired in start order (the first min(count) of each).
        public var pairedBaselineNanos: Int64
        public var pairedTraceNanos: Int64
        public var change: Change
        /// trace.selfNanos − baseline.selfNanos.
        public var timeAddedNanos: Int64 { trace.selfNanos - baseline.selfNanos }
    }

    public static let slowerRatio = 1.5
    public static let slowerMinimumNanos: Int64 = 1_000_000

    public var rows: [Row]

    /// Diffs `trace` against `baseline`, both of `snapshot`.
    public init(snapshot: Snapshot, trace: TraceSummary, baseline: TraceSummary) {
        // Both traces' paths in one table, so a path has one number in both.
        var table = SpanPathTable()
        let a = Self.paths(snapshot, baseline, into: &table), b = Self.paths(snapshot, trace, into: &table)
        var rows: [Row] = []
        // Every path of the table holds a span of one trace or the other (a path's prefixes are
        // its span's ancestors' paths).
        let paths = table.allSteps(names: snapshot.spans.strings)
        for id in 0..<table.count {
            let path = paths[id]
            let x = id < a.count ? a[id] : [], y = id < b.count ? b[id] : []
            let paired = min(x.count, y.count)
            // Sums held at Int64.max (durations and self times are never negative, so the
            // differences below stay in range): spans of a century each must not trap.
            let px = x.prefix(paired).reduce(Int64(0)) { Math.saturatingAdd($0, $1.duration) }
            let py = y.prefix(paired).reduce(Int64(0)) { Math.saturatingAdd($0, $1.duration) }
            let sx = Side(
                count: x.count, durationNanos: x.reduce(0) { Math.saturatingAdd($0, $1.duration) },
                selfNanos: x.reduce(0) { Math.saturatingAdd($0, $1.selfTime) })
            let sy = Side(
                count: y.count, durationNanos: y.reduce(0) { Math.saturatingAdd($0, $1.duration) },
                selfNanos: y.reduce(0) { Math.saturatingAdd($0, $1.selfTime) })
            let change: Change
            if x.isEmpty {
                change = .added
            } else if y.isEmpty {
                change = .removed
            } else if y.count >= 2 * x.count {
                change = .multiplied
            } else if Double(py) >= Self.slowerRatio * Double(px), py - px >= Self.slowerMinimumNanos {
                change = .slower
            } else {
                change = .same
            }
            rows.append(Row(path: path, baseline: sx, trace: sy, pairedBaselineNanos: px, pairedTraceNanos: py, change: change))
        }
        rows.sort { l, r in
            if l.timeAddedNanos != r.timeAddedNanos { return l.timeAddedNanos > r.timeAddedNanos }
            return Self.lexicographic(l.path, r.path)
        }
        self.rows = rows
    }

    static func lexicographic(_ a: [Step], _ b: [Step]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            return x.service != y.service ? x.service < y.service : x.name < y.name
        }
        return a.count < b.count
    }

    /// Every span of `trace` by path: (start, duration, self time), in start order (the table's
    /// order within a trace: start time, then span id), indexed by the path's number in `table`.
    ///
    /// Paths are numbered (`SpanPathTable`: a path is its parent path and its last step, the step a
    /// service and a span-name id) rather than used as keys: a key of the whole chain of names
    /// was hashed from the root down for every span, and on traces of 50 spans the diffs' hashing
    /// was 3% of a render (issue 7). Equal names have one id in the span table, equal service
    /// names one number here, so paths are equal exactly when their chains of names are.
    static func paths(
        _ snapshot: Snapshot, _ trace: TraceSummary, into table: inout SpanPathTable
    ) -> [[(start: Int64, duration: Int64, selfTime: Int64)]] {
        let spans = snapshot.spans
        let base = trace.spanRange.lowerBound
        let parents = TraceParents.parents(spans, trace: trace)
        let selfTimes = TraceParents.selfTimes(spans, trace: trace, parents: parents)
        // Each span's path, memoised, the root's first; a parent chain that loops (ids naming
        // each other) is cut and hung under the root, as the waterfall lists such spans.
        var pathOf = [Int32](repeating: SpanPathTable.unknown, count: trace.spanCount)
        // The span whose chain a span is on, while that chain is followed (a loop meets itself).
        var onChainOf = [Int](repeating: -1, count: trace.spanCount)
        var chain: [Int] = []
        for i in [trace.rootIndex] + Array(trace.spanRange) {
            chain.removeAll(keepingCapacity: true)
            var j = i
            var prefix = SpanPathTable.empty
            while true {
                let known = pathOf[j - base]
                if known != SpanPathTable.unknown {
                    prefix = known
                    break
                }
                guard onChainOf[j - base] != i else {
                    prefix = pathOf[trace.rootIndex - base]
                    if prefix == SpanPathTable.unknown { prefix = SpanPathTable.empty }
                    break
                }
                onChainOf[j - base] = i
                chain.append(j)
                let p = parents[j - base]
                if p < 0 { break }
                j = p
            }
            for k in chain.reversed() {
                prefix = table.id(parent: prefix, service: snapshot.serviceName(at: k), name: spans.nameIDs[k])
                pathOf[k - base] = prefix
            }
        }
        var out = [[(start: Int64, duration: Int64, selfTime: Int64)]](repeating: [], count: table.count)
        for i in trace.spanRange {
            out[Int(pathOf[i - base])].append((spans.startTimes[i], spans.durationNanos(at: i), selfTimes[i - base]))
        }
        return out
    }
}
