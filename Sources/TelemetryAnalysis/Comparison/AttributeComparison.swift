import TelemetryModel
import Vocabulary

/// How an attribute's values are distributed among an operation's slow spans (duration at or
/// above the operation's nearest-rank p95) and the rest — the idea of Honeycomb's BubbleUp.
/// The score is the largest difference in share for any one value (or value range, for
/// numbers), less its 95% margin of error: 0 when slow and normal spans look alike (or the
/// difference could be chance), near 1 when one value marks the slow ones.
/// No attribute name is special: every key present on the operation's spans is tried.
public struct AttributeComparison: Sendable {
    public enum Kind: String, Sendable {
        case categorical, numeric
    }

    public struct Group: Sendable {
        /// The value as text (`true`, `cart`), or a range `[10, 20)` for numeric attributes.
        public var value: String
        public var count: Int
        public var slowShare: Double
        public var restShare: Double
        public var latency: LatencySummary?
    }

    public var service: String
    public var operation: String
    public var attribute: String
    public var kind: Kind
    public var score: Double
    /// Groups by value (categorical: most spans first; numeric: ascending ranges).
    public var groups: [Group]
    /// Spearman's rank correlation of the value with duration, for numeric attributes.
    public var rankCorrelation: Double?
    /// The p95 threshold that split slow spans from the rest, in ns, and the counts.
    public var slowThresholdNanos: Int64
    public var slowCount: Int
    public var restCount: Int
    /// The value (or range) whose share differs most.
    public var topValue: String
    /// For numeric attributes, the cut points between the groups' ranges (ascending).
    public var cuts: [Double] = []
    /// For categorical attributes, how the two largest groups' durations compare: the
    /// probability that a span of `slower` takes longer than one of `faster` (ties count half;
    /// the Mann–Whitney U statistic over the product of the group sizes). Unlike the score, which
    /// looks only at the slowest 5%, this sees a shift of the whole distribution.
    public var separation: Separation?

    public struct Separation: Sendable {
        public var slower: String
        public var faster: String
        public var probability: Double
    }

    /// The index of the group a value belongs to (its text for categorical attributes, its range
    /// for numeric ones; a missing value belongs to the "(missing)" group), or nil.
    public func groupIndex(of value: AttributeValue?) -> Int? {
        if kind == .numeric, let v = value?.numericValue {
            var bin = 0
            while bin < cuts.count && v >= cuts[bin] { bin += 1 }
            let ranges = groups.indices.filter { groups[$0].value != "(missing)" }
            return bin < ranges.count ? ranges[bin] : nil
        }
        let label = value.map { kind == .numeric ? "(missing)" : $0.displayText } ?? "(missing)"
        return groups.firstIndex { $0.value == label }
    }

    /// True when spans with this value are over-represented among the slow spans: the value's
    /// group has a larger share of the slow spans than of the rest.
    public func leansSlow(_ value: AttributeValue?) -> Bool {
        guard let i = groupIndex(of: value) else { return false }
        return groups[i].slowShare > groups[i].restShare
    }

    /// Comparisons of one attribute (`render --compare KEY`) for every operation whose spans carry
    /// it, however weakly it separates slow from normal spans; best score first.
    /// `byOperation`: `spansByOperation(snapshot)` when the caller has it already.
    public static func forAttribute(
        _ key: String, in snapshot: Snapshot, minimumSpans: Int = 5, byOperation: [OperationKey: [Int]]? = nil
    ) -> [AttributeComparison] {
        let byOperation = byOperation ?? spansByOperation(snapshot)
        let spans = snapshot.spans
        guard let keyID = spans.strings.id(of: key) else { return [] }
        var result: [AttributeComparison] = []
        for (op, indexes) in byOperation {
            guard indexes.contains(where: { spans.storedAttribute(keyID, at: $0) != nil }) else { continue }
            guard indexes.count >= minimumSpans else { continue }
            result += compare(snapshot, operation: op, indexes: indexes, onlyKey: key, keepAll: true)
        }
        return result.sorted { a, b in
            a.score != b.score ? a.score > b.score : (a.service, a.operation) < (b.service, b.operation)
        }
    }

    /// Comparisons for every operation with at least `minimumSpans` spans, best score first.
    /// `byOperation`: `spansByOperation(snapshot, services: services)` when the caller has it
    /// already (the analysis groups the spans once for every comparison).
    public static func rank(
        _ snapshot: Snapshot, services: Set<String>? = nil, minimumSpans: Int = 20, byOperation: [OperationKey: [Int]]? = nil
    ) -> [AttributeComparison] {
        let byOperation = byOperation ?? spansByOperation(snapshot, services: services)
        // Operations are compared on every core, the largest first so that no core is left with
        // a large one at the end (in the dictionary's order, the last could be the largest); the
        // sort below fixes the order of the results.
        let work = byOperation.filter { $0.value.count >= minimumSpans }.map { ($0.key, $0.value) }.sorted {
            $0.1.count != $1.1.count ? $0.1.count > $1.1.count : ($0.0.service, $0.0.name) < ($1.0.service, $1.0.name)
        }
        let result = Parallel.map(work.count) { compare(snapshot, operation: work[$0].0, indexes: work[$0].1) }.joined()
        return result.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            return (a.service, a.operation, a.attribute) < (b.service, b.operation, b.attribute)
        }
    }

    static func compare(
        _ snapshot: Snapshot, operation: OperationKey, indexes: [Int], onlyKey: String? = nil,
        keepAll: Bool = false
    ) -> [AttributeComparison] {
        let durations = snapshot.spans.gatherTimes(at: indexes) { snapshot.spans.durationNanos(at: $0) }
        // One sort of the operation's spans by duration serves the threshold and every group.
        let (sorted, order) = RadixSort.sortedWithOrder(durations)
        let threshold = Percentile.p95.of(sorted: sorted)!
        let slow = durations.map { $0 >= threshold }
        let slowCount = slow.reduce(0) { $0 + ($1 ? 1 : 0) }
        let restCount = durations.count - slowCount
        guard slowCount > 0, restCount > 0 else { return [] }
        // One pass over the operation's attributes gathers, per key, whether every value is a
        // number and how many distinct values there are (counting stops past 1,000: such a key
        // is an id or free text, not something that sets slow spans apart), and each span's value
        // (the first of its key on the span). Keys and values are read as the span table stores
        // them (string ids), so the pass hashes integers rather than text; and it is the only
        // pass over the values: an operation's spans lie scattered through the arena, so reading
        // them is mostly waiting for memory.
        let spans = snapshot.spans
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        let onlyKeyID = onlyKey.map { spans.strings.id(of: $0) ?? UInt32.max }
        // Per key, a slot in `keyStats` (`KeySlots`).
        var slots = KeySlots()
        var keyStats: [KeyStats] = []
        // Sparse: (position, value) per key, so a key on few spans costs little. A key that can
        // no longer be compared (past 1,000 distinct values, not all numbers) stops collecting.
        var present: [PresentValues] = []
        var collecting: [Bool] = []
        // A list the operation's spans met before is counted from what was learned the first
        // time (`ListReplays`): the span only notes which list it replays (`listOf`), and its
        // values are read from that list's record when a key is compared (`ReplayedValues`).
        // Appending each replayed value to its key's `present` was most of this loop's time,
        // and those lists most of its memory (issue 7).
        var replays = ListReplays()
        var listOf = [Int32](repeating: -1, count: indexes.count)
        indexes.withUnsafeBufferPointer { indexBuffer in
            for (k, i) in indexBuffer.enumerated() {
                // Hinted before a replayed list is skipped: most lists are replays, and without
                // the hint each of their ranges was a wait for memory (40% of this function's
                // samples were that load, 60 services at 500k spans).
                spans.prefetchAttributes(ahead: k, in: indexBuffer)
                let list = spans.attributeRanges[i]
                if let recorded = replays.recorded(list) {
                    listOf[k] = Int32(recorded)
                    continue
                }
                let range = list.range
                defer { replays.finish(list) }
                for j in range where onlyKeyID == nil || keys[j] == onlyKeyID! {
                    let (slot, isNew) = slots.slot(of: keys[j], at: j - range.lowerBound)
                    if isNew {
                        keyStats.append(KeyStats())
                        // A key on the first span is usually on all of the operation's spans:
                        // room for them all at once (grown by doubling, its lists were copied
                        // about twenty times over at 2M spans); others grow as they are met.
                        present.append(PresentValues(capacity: k == 0 ? indexBuffer.count : 0))
                        collecting.append(true)
                    }
                    let value = stored[j]
                    replays.add(slot: slot, value: value)
                    keyStats[slot].add(value, in: spans)
                    guard collecting[slot] else { continue }
                    if present[slot].lastPosition != k { present[slot].append(position: k, value: value) }
                    if !keepAll && keyStats[slot].overflow && !keyStats[slot].allNumeric {
                        collecting[slot] = false
                        present[slot] = PresentValues()
                    }
                }
            }
        }
        // Each replay counts every entry of its list, as reading the span would have.
        let uses = replays.uses
        for list in 0..<replays.count where uses[list] > 0 {
            for e in replays.entries[replays.entries(of: list)] { keyStats[Int(e.slot)].present += uses[list] }
        }
        var stats: [String: KeyStats] = [:]
        var slotOfKey: [String: Int] = [:]
        for (slot, id) in slots.ids.enumerated() {
            stats[spans.strings[id]] = keyStats[slot]
            slotOfKey[spans.strings[id]] = slot
        }
        if let onlyKey, stats[onlyKey] == nil { stats[onlyKey] = KeyStats() }
        // Each compared key costs work over the operation's spans, so with tens of thousands of
        // distinct keys (a key per user id) comparing all would be quadratic: the `maximumKeys`
        // keys present on the most spans are compared (ties by name).
        var candidates = stats.keys.sorted()
        if candidates.count > maximumKeys {
            candidates = Array(candidates.sorted { (stats[$0]!.present, $1) > (stats[$1]!.present, $0) }.prefix(maximumKeys)).sorted()
        }
        // Which keys are worth comparing, in key order (a key that stopped collecting is never
        // one of them: past 1,000 distinct values and not all numbers).
        var chosen: [(key: String, slot: Int?, numeric: Bool)] = []
        for key in candidates {
            let st = stats[key]!
            let distinctCount = st.overflow ? Int.max : st.distinctCount
            guard keepAll || distinctCount > 1 || st.present < indexes.count else { continue }
            let numeric = st.present > 0 && st.allNumeric && distinctCount > 10
            if !numeric {
                guard keepAll || distinctCount <= max(10, indexes.count / 20) else { continue }  // ids and free text
            }
            chosen.append((key, slotOfKey[key], numeric))
        }
        var out: [AttributeComparison] = []
        for (key, slot, numeric) in chosen {
            // A key still collecting at the end collected from the first span on (it never
            // stops and starts again), so every replayed span's value belongs to it.
            let list = ReplayedValues(
                direct: slot.map { present[$0] } ?? PresentValues(), listOf: listOf,
                valueIn: slot.map { replays.firstValues(of: $0, among: uses) } ?? Array(repeating: nil, count: replays.count))
            if let slot { present[slot] = PresentValues() }
            var c: AttributeComparison?
            if numeric {
                var values = [Double?](repeating: nil, count: indexes.count)
                list.forEach { position, value, _ in values[position] = spans.value(value).numericValue }
                c = numericComparison(values, durations: durations, slow: slow, order: order, sorted: sorted)
            } else {
                let (group, texts) = Self.groupsByText(list, count: indexes.count, spans: spans)
                c = categoricalComparison(
                    groupOf: group, labels: texts, keepEmpty: false, durations: durations, slow: slow, order: order,
                    sorted: sorted)
            }
            guard var comparison = c else { continue }
            comparison.service = operation.service
            comparison.operation = operation.name
            comparison.attribute = key
            comparison.slowThresholdNanos = threshold
            comparison.slowCount = slowCount
            comparison.restCount = restCount
            out.append(comparison)
        }
        return out
    }
}
