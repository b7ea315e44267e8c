import TelemetryAnalysis
import Vocabulary

/// Where a trace's duration stands among the traces of its root operation, as OpenSearch's
/// trace analytics shows it ("p97"), so a reader sees at once whether a slow trace is slow for
/// what it does or just belongs to a slow operation.
///
/// Definition (nearest rank, DESIGN §4): for a trace of duration `d` whose root operation (root
/// service and root span name) has `n` traces, `c` of which take at most `d`, the rank is
/// `p = ⌊100 · c / n⌋` — the largest `p` for which the nearest-rank p-th percentile of the
/// operation's durations (the value at 1-based rank ⌈p·n/100⌉ of the ascending durations) is at
/// most `d`. So the slowest trace (and every trace tied with it) is `p100`, a trace alone in its
/// operation is `p100`, and the faster of two is `p50`. Computed in integers, with every trace of
/// the snapshot counted, not only the listed ones.
struct RootOperationPercentiles {
    /// The traces the ranks were built from, by root operation.
    private let groups: RootOperationGroups
    /// Each group's durations (ns), ascending, at the indices of its positions in `groups`.
    private let durations: [Int64]
    /// The rank (0…100) of each trace the ranks were built from, by its position among them.
    private let ranks: [UInt8]

    init(_ traces: [TraceSummary]) {
        let groups = RootOperationGroups(traces)
        // Each operation's durations sorted with the position each came from (a radix sort), and
        // every trace's count of durations at most its own read off the end of its run of equal
        // durations: one walk, where a comparison sort and a binary search per trace (2M spans:
        // 400k searches of lists of 80k) were 6% of the render phase's CPU (issue 7).
        var ranks = [UInt8](repeating: 0, count: traces.count)
        var durations = [Int64](repeating: 0, count: traces.count)
        for g in 0..<groups.count {
            let members = groups[g]
            // A trace alone in its operation is p100 (the walk below gives it), without a sort:
            // with a name per request every operation has one trace (issue 7).
            guard members.count > 1 else {
                ranks[members.first!] = 100
                durations[members.startIndex] = traces[members.first!].durationNanos
                continue
            }
            let (sorted, order) = RadixSort.sortedWithOrder(members.map { traces[$0].durationNanos })
            let n = sorted.count, base = members.startIndex
            var runStart = 0
            while runStart < n {
                var runEnd = runStart + 1
                while runEnd < n && sorted[runEnd] == sorted[runStart] { runEnd += 1 }
                let rank = UInt8(100 * runEnd / n)
                for p in runStart..<runEnd { ranks[members[base + order[p]]] = rank }
                runStart = runEnd
            }
            durations.replaceSubrange(members.indices, with: sorted)
        }
        self.groups = groups
        self.ranks = ranks
        self.durations = durations
    }

    /// The rank `p` (0…100) of `trace` within its root operation; 100 for a trace that was not
    /// among those the ranks were built from (it would be alone in its operation).
    func rank(of trace: TraceSummary) -> Int {
        guard let group = groups.group(of: trace) else { return 100 }
        let sorted = durations[groups[group].indices]
        let atMost = Self.countAtMost(trace.durationNanos, in: sorted)
        return 100 * atMost / sorted.count
    }

    /// The rank of the trace at `position` among those the ranks were built from: `rank(of:)`
    /// of that trace, without looking its operation up again.
    func rank(atPosition position: Int) -> Int { Int(ranks[position]) }

    /// The number of values ≤ `value` in ascending `sorted` (a binary search for the upper bound).
    static func countAtMost(_ value: Int64, in sorted: ArraySlice<Int64>) -> Int {
        var low = sorted.startIndex, high = sorted.endIndex
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low - sorted.startIndex
    }

    /// The rank as shown in the table: `p97`; `p<1` for rank 0 (the trace itself takes at most
    /// its own duration, so the share is above 0%, but under 1% when the operation has over 100).
    static func label(_ rank: Int) -> String { rank == 0 ? "p<1" : "p\(rank)" }
}
