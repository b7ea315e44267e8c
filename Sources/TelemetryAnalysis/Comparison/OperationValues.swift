import TelemetryModel
import Vocabulary

/// Each operation's attribute values and how often each was met, over its first `sampleLimit`
/// spans: what the report's waterfall rows read to tell an operation's usual values from the
/// notable ones (`VaryingAttributes`).
///
/// Counted by the analysis while the comparisons' grouping of the spans by operation is at hand:
/// the report grouped all spans again for it (48 M instructions at 500k spans), and keeping the
/// grouped lists for the report instead held 2 MiB more through the render (issue 7). Only
/// these counts, a few values per key, are kept.
public struct OperationValues: Sendable {
    /// Per operation, the first 20,000 spans (in trace-id order, which is random) are plenty to
    /// tell its usual values; more would only cost time at millions of spans.
    public static let sampleLimit = 20_000

    /// Spans counted per operation of `values` (at most `sampleLimit`).
    public private(set) var spanCounts: [AttributeComparison.OperationKey: Int] = [:]
    /// Per operation, each key's values and their counts (`countValues`); operations whose
    /// spans carry no attribute are left out, and so are operations of one span: a value met
    /// once varies with nothing, and `VaryingAttributes` reads operations of two spans or more.
    /// (With a name per request, an id in the span name, nearly every operation has one span,
    /// and counting each one's values was a tenth of the run; issue 7.)
    public private(set) var values: [AttributeComparison.OperationKey: [String: [AttributeValue: Int]]] = [:]

    /// `byOperation`: `AttributeComparison.spansByOperation(snapshot)` (whole lists or lists
    /// already cut to `sampleLimit`) when the caller has it. Operations are counted on every core.
    public init(_ snapshot: Snapshot, byOperation: [AttributeComparison.OperationKey: [Int]]? = nil) {
        let spans = snapshot.spans
        // Only operations of two spans or more are counted and kept: with a name per request
        // two thirds of them have one, and copying, numbering and keying each by its two
        // strings (in both dictionaries) cost more than the counting (issue 7).
        let operations = Array(
            (byOperation ?? AttributeComparison.spansByOperation(snapshot, limit: Self.sampleLimit)).lazy.filter { $0.value.count >= 2 })
        let counted = Parallel.map(operations.count) { k -> [String: [AttributeValue: Int]] in
            Self.countValues(spans, indexes: operations[k].value.prefix(Self.sampleLimit))
        }
        for (k, entry) in operations.enumerated() where !counted[k].isEmpty {
            spanCounts[entry.key] = min(entry.value.count, Self.sampleLimit)
            values[entry.key] = counted[k]
        }
    }

    /// Each key's values and their counts over the spans at `indexes`. A key's values stop being
    /// collected past 64 distinct ones (values seen before still count): such a key is an id.
    ///
    /// Keys are numbered by `KeySlots` (the key last seen at each attribute position tried
    /// first) and each key's values counted by a `ValueTally`, so a span's attribute costs a few
    /// integer comparisons rather than two dictionary look-ups keyed by id and value (hashing
    /// was most of this count's time).
    ///
    /// A list the operation's spans met before (spans sharing one stored list,
    /// `shareRepeatedAttributeLists`) is only counted as met again (`ListReplays`), and its
    /// values are counted that many more times at the end: the same counts, since a value kept
    /// when its list was first read is kept for good, and one left out (past 64 distinct) is
    /// left out for good. Reading every span's list was this count's time (issue 7).
    static func countValues(_ spans: SpanTable, indexes: ArraySlice<Int>) -> [String: [AttributeValue: Int]] {
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        var slots = KeySlots()
        var tallies: [ValueTally] = []
        var nested: [AttributeValue: StoredValue] = [:]
        var replays = ListReplays()
        indexes.withUnsafeBufferPointer { indexBuffer in
            for (k, i) in indexBuffer.enumerated() {
                spans.prefetchAttributes(ahead: k, in: indexBuffer)  // before a replay is skipped
                let list = spans.attributeRanges[i]
                if replays.recorded(list) != nil { continue }
                let range = list.range
                for j in range {
                    var v = stored[j]
                    if case .other = v {
                        // Equal nested values stored twice count as one value.
                        let value = spans.value(v)
                        if let first = nested[value] { v = first } else { nested[value] = v }
                    }
                    let (slot, isNew) = slots.slot(of: keys[j], at: j - range.lowerBound)
                    if isNew { tallies.append(ValueTally()) }
                    tallies[slot].count(v)
                    replays.add(slot: slot, value: v)
                }
                replays.finish(list)
            }
        }
        let uses = replays.uses
        for list in 0..<replays.count where uses[list] > 0 {
            for e in replays.entries[replays.entries(of: list)] { tallies[Int(e.slot)].count(e.value, times: uses[list]) }
        }
        var result: [String: [AttributeValue: Int]] = [:]
        for (slot, key) in slots.ids.enumerated() {
            var values: [AttributeValue: Int] = [:]
            for (v, n) in tallies[slot].few { values[spans.value(v)] = n }
            for (v, n) in tallies[slot].more { values[spans.value(v)] = n }
            result[spans.strings[key]] = values
        }
        return result
    }

    /// One key's distinct stored values and how often each was met: the first 16 in a list
    /// searched before the dictionary (most keys have a handful of values, and comparing a few
    /// enums is cheaper than hashing one per span), the rest in the dictionary. Equality is the
    /// stored values' own, so it counts exactly what a dictionary keyed by them counts.
    struct ValueTally {
        var few: [(value: StoredValue, count: Int)] = []
        var more: [StoredValue: Int] = [:]

        var distinctCount: Int { few.count + more.count }

        /// Counts `value` `times` times; a value not met before is added only while the key has
        /// at most 64.
        mutating func count(_ value: StoredValue, times: Int = 1) {
            for k in few.indices where few[k].value == value {
                few[k].count += times
                return
            }
            if !more.isEmpty, let index = more.index(forKey: value) {
                more.values[index] += times
                return
            }
            guard distinctCount <= 64 else { return }
            if few.count < 16 && more.isEmpty { few.append((value, times)) } else { more[value] = times }
        }
    }
}
