import TelemetryModel
import Vocabulary

/// Where the extra time of a root operation's slowest traces goes (issue 15): per root
/// operation (root service and root span name) with at least `minimumTraces` traces, the traces
/// at or above the nearest-rank p95 of their durations ("the slowest 5%", as the attribute
/// comparison splits spans) against the rest. For every (service, span name), the mean per trace
/// of its spans' summed self time (`TraceParents`) and of its time on the critical path (the
/// waterfall's Jaeger-style path, `TraceTree.criticalSections`), in each group; a trace without
/// such spans counts as 0. The critical path covers the root span from its start to its end
/// exactly once, so the operations' critical-path differences add up to the difference of the
/// groups' mean root durations; an operation's share of the extra time is its difference over
/// that sum. Rows are sorted by share (largest first), then service and name. Every slow trace
/// is measured; of the rest, at most `restLimit` — every k-th in trace order beyond it, so the
/// rest's means are then those of an even sample (a tree per trace is the costly part).
public struct SlowTraceBreakdown: Sendable {
    public struct Row: Sendable, Equatable {
        public var service: String
        public var operation: String
        /// Means per trace, in ns.
        public var slowSelfNanos: Double
        public var restSelfNanos: Double
        public var slowCriticalNanos: Double
        public var restCriticalNanos: Double
        /// (slowCritical − restCritical) / `extraCriticalNanos`; 0 when there is no extra time.
        public var share: Double

        public var extraCriticalNanos: Double { slowCriticalNanos - restCriticalNanos }
    }

    public var rootService: String
    public var rootName: String
    public var traceCount: Int
    public var slowCount: Int
    public var restCount: Int
    /// How many of the rest were measured: all of them up to `restLimit`, else every k-th.
    public var restSampled: Int
    /// The nearest-rank p95 of the operation's trace durations: slow traces last at least this.
    public var slowThresholdNanos: Int64
    /// Nearest-rank quartiles of the trace durations, and Tukey's far-out fence p75 + 3·IQR.
    public var p25Nanos: Int64
    public var p75Nanos: Int64
    /// Held at Int64.max where it would pass it (quartiles a century apart).
    public var farOutFenceNanos: Int64 {
        let (spread, overflow) = (p75Nanos - p25Nanos).multipliedReportingOverflow(by: 3)
        return overflow ? .max : Math.saturatingAdd(p75Nanos, spread)
    }
    /// Mean trace duration (max end − min start) in each group, over all its traces, ns.
    public var slowMeanDurationNanos: Double
    public var restMeanDurationNanos: Double
    /// The sum of the rows' critical-path differences: the difference of the mean critical-path
    /// lengths (root durations) of the two groups, ns.
    public var extraCriticalNanos: Double
    public var rows: [Row]
    /// Per trace of the operation, in the order given, whether it is slow and the first row's
    /// critical-path time in it (for the finding's test); not part of the report.
    var criticalByTrace: [(slow: Bool, nanos: [Int64])] = []

    public static let minimumTraces = 20
    /// At most this many of the rest are measured per root operation (every k-th beyond).
    public static let restLimit = 5000
    /// How many traces ahead a tree's columns are hinted (its summary twice as far).
    static let prefetchDistance = 4

    /// Breakdowns for every root operation with at least `minimumTraces` traces, by root service
    /// then root name. Each operation's traces are chosen on every core, then the trees of every
    /// chosen trace of every operation are built in one split over the cores, then each
    /// operation's rows are summed on every core: one operation at a time left a core idle at each
    /// operation's start and end, where one core chose or summed alone (issue 7).
    /// `parents`: the assembly's parent lookups for `traces` (`SpanParents`), if kept.
    public static func compute(
        _ snapshot: Snapshot, traces: [TraceSummary], minimumTraces: Int = Self.minimumTraces, parents: SpanParents? = nil
    ) -> [SlowTraceBreakdown] {
        // The groups with enough traces. Distinct groups have distinct (service, name) pairs, so
        // the order is total whatever the groups' own.
        let groups = RootOperationGroups(traces)
        let operations = (0..<groups.count).filter { groups[$0].count >= minimumTraces }.map { Array(groups[$0]) }.sorted {
            a, b in
            let (x, y) = (traces[a[0]], traces[b[0]])
            return (x.rootService, x.rootName) < (y.rootService, y.rootName)
        }
        let index = ServiceIndex(snapshot)
        let plans = Parallel.map(operations.count) { Plan(traces: traces, members: operations[$0]) }
        // Every chosen trace of every operation, operation after operation.
        var chosen: [Int] = []
        var firstChosen: [Int] = []
        for plan in plans {
            firstChosen.append(chosen.count)
            chosen.append(contentsOf: plan.chosen.map { plan.members[$0] })
        }
        firstChosen.append(chosen.count)
        let n = chosen.count
        let chunks = max(1, min(n / 64, 64))
        let spans = snapshot.spans
        // Each chunk's entries in one flat array with each trace's end in it: an array per
        // trace, joined and then cut again per operation, allocated and copied more than the
        // trees cost to walk (issue 7). Each trace's entries are then a slice of its chunk's
        // array, so no entry is copied (deep traces hold dozens a trace).
        let parts = Parallel.map(chunks) { k -> (entries: [Entry], ends: [Int]) in
            var scratch = TraceTree.Scratch()
            var entries: [Entry] = [], ends: [Int] = []
            // Summaries read in place through a buffer pointer rather than copied per trace. An
            // operation's traces lie apart among all the traces, so each one's summary, columns
            // and parent lookups are hinted ahead, a step at a time (as the trace page's data
            // does): each was a wait for memory (issue 7).
            traces.withUnsafeBufferPointer { all in
                let mine = Parallel.part(k, of: n, parts: chunks)
                for j in mine {
                    if j + 2 * Self.prefetchDistance < mine.upperBound { all.prefetch(chosen[j + 2 * Self.prefetchDistance]) }
                    if j + Self.prefetchDistance < mine.upperBound {
                        let ahead = all[chosen[j + Self.prefetchDistance]].spanRange
                        spans.prefetchColumns(ofSpans: ahead)
                        parents?.prefetch(ahead)
                    }
                    appendEntries(spans, index: index, trace: all[chosen[j]], scratch: &scratch, known: parents, to: &entries)
                    ends.append(entries.count)
                }
            }
            return (entries, ends)
        }
        var perTrace: [ArraySlice<Entry>] = []
        perTrace.reserveCapacity(n)
        for part in parts {
            var start = 0
            for end in part.ends {
                perTrace.append(part.entries[start..<end])
                start = end
            }
        }
        return Parallel.map(plans.count) { p in
            breakdown(
                spans, index: index, traces: traces, plan: plans[p], perTrace: Array(perTrace[firstChosen[p]..<firstChosen[p + 1]]))
        }
    }

    /// One operation's traces: durations, the slow threshold, which are slow, and which are
    /// measured (`chosen`, positions in `members`).
    struct Plan {
        let members: [Int]
        let durations: [Int64]
        let sorted: [Int64]
        let threshold: Int64
        let slow: [Bool]
        let restTotal: Int
        let chosen: [Int]

        init(traces: [TraceSummary], members: [Int]) {
            self.members = members
            durations = members.map { traces[$0].durationNanos }
            sorted = RadixSort.sorted(durations)
            let threshold = Percentile.p95.of(sorted: sorted)!
            self.threshold = threshold
            slow = durations.map { $0 >= threshold }
            // Every slow trace, and of the rest at most `restLimit`: every k-th in trace order,
            // k = ⌈rest / restLimit⌉ — a trace tree per trace is the costly part at millions of spans.
            let restTotal = slow.filter { !$0 }.count
            self.restTotal = restTotal
            let stride = max(1, (restTotal + restLimit - 1) / restLimit)
            var chosen: [Int] = []
            var restSeen = 0
            for (k, isSlow) in slow.enumerated() {
                if isSlow {
                    chosen.append(k)
                } else {
                    if restSeen % stride == 0 { chosen.append(k) }
                    restSeen += 1
                }
            }
            self.chosen = chosen
        }
    }

    /// One operation's self and critical-path time in one trace.
    struct Entry {
        var key: UInt64
        var selfNanos: Int64
        var critical: Int64
    }

    /// Per trace: each operation's (self ns, critical ns), where the key is service id << 32 |
    /// name id, appended to `entries` in the order the trace's rows first name them; found by
    /// a linear search of the trace's own entries (traces hold few operations), a dictionary
    /// only for large traces.
    /// The tree, its rows and its critical path are built in `scratch`'s buffers (one per chunk
    /// of traces).
    static func appendEntries(
        _ spans: SpanTable, index: ServiceIndex, trace: TraceSummary, scratch: inout TraceTree.Scratch, known: SpanParents? = nil,
        to entries: inout [Entry]
    ) {
        let tree = TraceTree(spans: spans, trace: trace, scratch: &scratch, known: known)
        let first = entries.count
        var slotOf: [UInt64: Int] = [:]
        let useDictionary = tree.rows.count > 64
        func slot(_ i: Int) -> Int {
            let key = UInt64(index.id(ofResource: spans.resourceIndexes[i])) << 32 | UInt64(spans.nameIDs[i])
            if useDictionary {
                if let s = slotOf[key] { return s }
                slotOf[key] = entries.count
            } else if let s = entries[first...].firstIndex(where: { $0.key == key }) {
                return s
            }
            entries.append(Entry(key: key, selfNanos: 0, critical: 0))
            return entries.count - 1
        }
        // Held at Int64.max: a few spans of a century each (times from 1970 to 2099) pass it.
        for row in tree.rows {
            let k = slot(row.spanIndex)
            entries[k].selfNanos = Math.saturatingAdd(entries[k].selfNanos, row.selfTimeNanos)
        }
        var sections = scratch.sections
        scratch.sections = []
        tree.criticalSections(spans: spans, scratch: &scratch, into: &sections)
        for s in sections {
            let k = slot(tree.rows[s.row].spanIndex)
            entries[k].critical = Math.saturatingAdd(entries[k].critical, s.endNanos - s.startNanos)
        }
        scratch.sections = sections
        scratch.rows = tree.rows
    }

    /// One operation's rows from the entries of its chosen traces (`perTrace[k]` those of the
    /// k-th, in `plan.chosen`'s order).
    static func breakdown(
        _ spans: SpanTable, index: ServiceIndex, traces all: [TraceSummary], plan: Plan, perTrace: [ArraySlice<Entry>]
    ) -> SlowTraceBreakdown {
        let (members, durations, sorted, threshold, slow, restTotal, chosen) = (
            plan.members, plan.durations, plan.sorted, plan.threshold, plan.slow, plan.restTotal, plan.chosen
        )
        let n = chosen.count
        let chosenSlow = chosen.map { slow[$0] }
        let slowCount = chosenSlow.filter { $0 }.count, restCount = n - slowCount
        // Each key's sums by a dense number, the key at each entry's position in its trace
        // tried first: the traces of one operation mostly name the same operations in the same
        // order, and hashing every entry was most of this step.
        var denseOf: [UInt64: Int] = [:]
        var keys: [UInt64] = []
        var recent: [(key: UInt64, dense: Int)] = []
        // In Int128: sums over hundreds of traces of durations up to a century pass Int64, and
        // below it the mean is the same as from an Int64 sum (one rounding to Double either way).
        var slowSelf: [Int128] = [], restSelf: [Int128] = [], slowCritical: [Int128] = [], restCritical: [Int128] = []
        for (k, entries) in perTrace.enumerated() {
            for (position, e) in entries.enumerated() {
                let dense: Int
                if position < recent.count && recent[position].key == e.key {
                    dense = recent[position].dense
                } else {
                    if let known = denseOf[e.key] {
                        dense = known
                    } else {
                        dense = keys.count
                        denseOf[e.key] = dense
                        keys.append(e.key)
                        slowSelf.append(0)
                        restSelf.append(0)
                        slowCritical.append(0)
                        restCritical.append(0)
                    }
                    if position < recent.count { recent[position] = (e.key, dense) } else { recent.append((e.key, dense)) }
                }
                if chosenSlow[k] {
                    slowSelf[dense] += Int128(e.selfNanos)
                    slowCritical[dense] += Int128(e.critical)
                } else {
                    restSelf[dense] += Int128(e.selfNanos)
                    restCritical[dense] += Int128(e.critical)
                }
            }
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        func mean(_ total: Int128, _ n: Int) -> Double { n > 0 ? Double(total) / Double(n) : 0 }
        var rows: [Row] = order.map { d in
            let key = keys[d]
            return Row(
                service: index.names[Int(key >> 32)], operation: spans.strings[UInt32(truncatingIfNeeded: key)],
                slowSelfNanos: mean(slowSelf[d], slowCount), restSelfNanos: mean(restSelf[d], restCount),
                slowCriticalNanos: mean(slowCritical[d], slowCount), restCriticalNanos: mean(restCritical[d], restCount), share: 0)
        }
        let extra = rows.reduce(0.0) { $0 + $1.extraCriticalNanos }
        for i in rows.indices { rows[i].share = extra > 0 ? rows[i].extraCriticalNanos / extra : 0 }
        let rowOrder = rows.indices.sorted { a, b in
            if rows[a].share != rows[b].share { return rows[a].share > rows[b].share }
            return (rows[a].service, rows[a].operation) < (rows[b].service, rows[b].operation)
        }
        let keyOrder = rowOrder.map { keys[order[$0]] }
        rows = rowOrder.map { rows[$0] }
        var result = SlowTraceBreakdown(
            rootService: all[members[0]].rootService, rootName: all[members[0]].rootName, traceCount: members.count,
            slowCount: slowCount, restCount: restTotal, restSampled: restCount, slowThresholdNanos: threshold,
            p25Nanos: sorted[max(1, (25 * sorted.count + 99) / 100) - 1], p75Nanos: sorted[max(1, (75 * sorted.count + 99) / 100) - 1],
            slowMeanDurationNanos: mean(zip(durations, slow).filter { $0.1 }.reduce(0) { $0 + Int128($1.0) }, slowCount),
            restMeanDurationNanos: mean(zip(durations, slow).filter { !$0.1 }.reduce(0) { $0 + Int128($1.0) }, restTotal),
            extraCriticalNanos: extra, rows: rows)
        // Only the leading operation's time per trace is needed (the finding's test).
        result.criticalByTrace = perTrace.enumerated().map { k, entries in
            (chosenSlow[k], keyOrder.prefix(1).map { key in entries.first { $0.key == key }?.critical ?? 0 })
        }
        return result
    }
}
