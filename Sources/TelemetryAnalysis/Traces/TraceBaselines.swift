import TelemetryModel
import Vocabulary

/// The typical trace of each root operation, the baseline a slow trace is diffed against
/// (issue 15): among all traces with the same root service and root span name, sorted by
/// duration ascending then trace id, the one at nearest rank ⌈0.5·n⌉. A trace has no baseline
/// when that typical trace is itself (the only trace of its operation, or the median one).
///
/// One grouping of the trace summaries serves every page: the 500k-span benchmark renders about
/// 250 waterfall pages, and each looks its baseline up here instead of scanning the spans.
public struct TraceBaselines: Sendable {
    /// Per root operation (a group of `groups`): the typical trace's position in the `traces`
    /// array given to `init`, and how many traces the operation has.
    private var typical: [(index: Int, count: Int)] = []
    /// The traces given to `init`, by root operation.
    private let groups: RootOperationGroups

    /// The slowest trace of each root operation (its position in the `traces` given to `init`;
    /// ties to the smaller trace id), in ascending order.
    ///
    /// Why here: the report's choice of waterfalls (`RenderContext.extraWaterfalls`) grouped all
    /// the traces by root operation a second time, about 2.5 ms at 500k spans on one core while
    /// the other was idle (issue 7); this grouping is the same.
    public private(set) var slowestOfEachOperation: [Int] = []

    /// Groups `traces` by root operation and picks each group's nearest-rank median.
    public init(_ traces: [TraceSummary]) {
        let groups = RootOperationGroups(traces)
        self.groups = groups
        typical.reserveCapacity(groups.count)
        // One walk of the groups: each one's slowest trace, then its typical one.
        for g in 0..<groups.count {
            let group = groups[g]
            // Trace `k` takes the place of `b` when slower, or as slow with a smaller or equal id.
            var b = group.first!
            for k in group.dropFirst() {
                let (dk, db) = (traces[k].durationNanos, traces[b].durationNanos)
                if dk > db || (dk == db && traces[k].traceID <= traces[b].traceID) { b = k }
            }
            slowestOfEachOperation.append(b)
            // A trace alone in its operation is its own median (what the steps below give), found
            // without sorting: with a name per request every operation has one trace (issue 7).
            guard group.count > 1 else {
                typical.append((b, 1))
                continue
            }
            let members = Array(group)
            // The member at the p50 rank of the order (duration, trace id, position): a radix sort
            // by duration (ties by position), then only the run of equal durations around that
            // rank sorted by trace id — the element a sort of all members by the whole key gives.
            let (sorted, order) = RadixSort.sortedWithOrder(members.map { traces[$0].durationNanos })
            let rank = Percentile.p50.rank(of: members.count) - 1
            var lo = rank, hi = rank + 1
            while lo > 0 && sorted[lo - 1] == sorted[rank] { lo -= 1 }
            while hi < sorted.count && sorted[hi] == sorted[rank] { hi += 1 }
            let run = order[lo..<hi].sorted { a, b in
                let (ta, tb) = (traces[members[a]].traceID, traces[members[b]].traceID)
                return ta != tb ? ta < tb : a < b
            }
            typical.append((members[run[rank - lo]], members.count))
        }
        slowestOfEachOperation.sort()
    }

    /// The typical trace and count of `trace`'s root operation, nil when unknown.
    private func operation(of trace: TraceSummary) -> (index: Int, count: Int)? {
        groups.group(of: trace).map { typical[$0] }
    }

    /// The position (in the `traces` given to `init`) of the typical trace of `trace`'s root
    /// operation, or nil when that is `trace` itself or the operation is unknown.
    public func baselineIndex(of trace: TraceSummary, in traces: [TraceSummary]) -> Int? {
        guard let t = operation(of: trace), traces[t.index].traceID != trace.traceID else { return nil }
        return t.index
    }

    /// The typical trace of `trace`'s root operation, or nil when that is `trace` itself.
    public func baseline(of trace: TraceSummary, in traces: [TraceSummary]) -> TraceSummary? {
        baselineIndex(of: trace, in: traces).map { traces[$0] }
    }

    /// How many traces share `trace`'s root operation (0 when unknown).
    public func operationCount(of trace: TraceSummary) -> Int { operation(of: trace)?.count ?? 0 }
}
