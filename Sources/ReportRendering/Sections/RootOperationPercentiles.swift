import TelemetryAnalysis

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
    /// Ascending durations (ns) per root operation.
    private let durations: [OperationKey: [Int64]]

    private struct OperationKey: Hashable {
        var service: String
        var name: String
    }

    init(_ traces: [TraceSummary]) {
        var groups: [OperationKey: [Int64]] = [:]
        for t in traces {
            groups[OperationKey(service: t.rootService, name: t.rootName), default: []].append(t.durationNanos)
        }
        for key in groups.keys { groups[key]!.sort() }
        durations = groups
    }

    /// The rank `p` (0…100) of `trace` within its root operation; 100 for a trace that was not
    /// among those the ranks were built from (it would be alone in its operation).
    func rank(of trace: TraceSummary) -> Int {
        guard let sorted = durations[OperationKey(service: trace.rootService, name: trace.rootName)], !sorted.isEmpty else {
            return 100
        }
        let atMost = Self.countAtMost(trace.durationNanos, in: sorted)
        return 100 * atMost / sorted.count
    }

    /// The number of values ≤ `value` in ascending `sorted` (a binary search for the upper bound).
    static func countAtMost(_ value: Int64, in sorted: [Int64]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The rank as shown in the table: `p97`; `p<1` for rank 0 (the trace itself takes at most
    /// its own duration, so the share is above 0%, but under 1% when the operation has over 100).
    static func label(_ rank: Int) -> String { rank == 0 ? "p<1" : "p\(rank)" }
}
