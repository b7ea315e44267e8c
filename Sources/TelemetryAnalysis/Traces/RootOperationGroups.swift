import Vocabulary

/// The traces of each root operation (root service and root span name), the one grouping the
/// breakdowns, the baselines (and so the report's choice of waterfalls) and the trace list's
/// percentile ranks share. Groups are numbered in the order of their first traces, and each
/// group's positions in `traces` are ascending.
///
/// Why this shape: with a span name per request (an id in the name, a group per trace) each of
/// those steps grouped the traces on its own, first by joining the two strings, then by the pair,
/// then by the summaries' `rootOperationKey` (two integers, equal exactly when the pair of
/// strings is) with an array per group; hashing strings and growing that many arrays were a tenth
/// of a render's CPU (issue 7). Here the keys are numbered through one `IntegerMap` and the
/// positions laid out group after group in one array (a counting sort), so no group allocates.
/// The positions' indices are those of that one array: a value kept per trace of a group (say its
/// sorted durations) can be stored in an array beside it at the same indices.
///
/// Two pairs are two operations even when their joined text would be equal (a NUL in a name):
/// the baselines and breakdowns once keyed operations by `service + "\0" + name` and merged such
/// pairs, while the percentile ranks kept them apart.
public struct RootOperationGroups: Sendable {
    /// Every trace's position, group after group, ascending within each group.
    private let positions: [Int]
    /// Group `g`'s positions are `positions[starts[g]..<starts[g + 1]]`.
    private let starts: [Int]
    /// Each `rootOperationKey` met, to its group.
    private let groupOfKey: IntegerMap

    /// Groups `traces` by their `rootOperationKey`.
    public init(_ traces: [TraceSummary]) {
        var keys = IntegerMap(capacity: 64)
        var groupOf = [Int32](repeating: 0, count: traces.count)
        var counts: [Int] = []
        for k in traces.indices {
            if let g = keys.value(low: traces[k].rootOperationKey, insertingIfAbsent: Int32(counts.count)) {
                groupOf[k] = g
                counts[Int(g)] += 1
            } else {
                groupOf[k] = Int32(counts.count)
                counts.append(1)
            }
        }
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for g in counts.indices { starts[g + 1] = starts[g] + counts[g] }
        var next = Array(starts.dropLast())
        var positions = [Int](repeating: 0, count: traces.count)
        for k in traces.indices {
            let g = Int(groupOf[k])
            positions[next[g]] = k
            next[g] += 1
        }
        self.positions = positions
        self.starts = starts
        groupOfKey = keys
    }

    /// The number of root operations.
    public var count: Int { starts.count - 1 }

    /// The positions (in the `traces` given to `init`) of group `g`'s traces, ascending. The
    /// slice's indices run over the trace count, not from 0.
    public subscript(g: Int) -> ArraySlice<Int> { positions[starts[g]..<starts[g + 1]] }

    /// The group of `trace`'s root operation, nil when no trace given to `init` had it.
    public func group(of trace: TraceSummary) -> Int? { groupOfKey.value(low: trace.rootOperationKey).map { Int($0) } }

    /// Each group's positions as an array, groups in order (for tests and small callers).
    public var members: [[Int]] { (0..<count).map { Array(self[$0]) } }
}
