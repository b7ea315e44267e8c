import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// For each operation (service + span name), the attribute keys whose values vary between its
/// spans in a way worth showing in a waterfall row: few distinct values (a flag such as a cache
/// hit) or numbers (a size or count). Ids and free text, which differ on every span, are left
/// out. Nothing here knows any attribute's name: the data decides.
struct VaryingAttributes {
    struct Operation: Hashable {
        var service: String
        var name: String
    }

    static let sampleLimit = SnapshotAnalysis.operationSampleLimit

    /// Keys to show per operation, sorted.
    private(set) var keys: [Operation: [String]] = [:]
    /// The most common value per operation and key, to flag values that differ from it.
    private(set) var typical: [Operation: [String: AttributeValue]] = [:]

    /// Comparisons of slow spans against the rest, by operation and key.
    private(set) var comparisons: [Operation: [String: AttributeComparison]] = [:]

    /// `samples`: `SnapshotAnalysis.operationSamples` when the analysis kept them (the same lists
    /// this would group again).
    init(
        _ snapshot: Snapshot, comparisons list: [AttributeComparison] = [],
        samples: [AttributeComparison.OperationKey: [Int]]? = nil
    ) {
        for c in list {
            comparisons[Operation(service: c.service, name: c.operation), default: [:]][c.attribute] = c
        }
        // Per operation, the first 20,000 spans (in trace-id order, which is random) are plenty
        // to tell its usual values; more would only cost time at millions of spans. Values are
        // counted as the span table stores them (string ids), operations on every core.
        let spans = snapshot.spans
        let operations = Array(samples ?? AttributeComparison.spansByOperation(snapshot, limit: Self.sampleLimit))
        let counted = Parallel.map(operations.count) { k in
            Self.countValues(spans, indexes: operations[k].value.prefix(Self.sampleLimit))
        }
        var values: [Operation: [String: [AttributeValue: Int]]] = [:]
        var counts: [Operation: Int] = [:]
        for (k, entry) in operations.enumerated() {
            let op = Operation(service: entry.key.service, name: entry.key.name)
            counts[op] = min(entry.value.count, Self.sampleLimit)
            if !counted[k].isEmpty { values[op] = counted[k] }
        }
        for (op, perKey) in values {
            let n = counts[op] ?? 0
            guard n >= 2 else { continue }
            var chosen: [String] = []
            var common: [String: AttributeValue] = [:]
            for (key, dist) in perKey {
                guard dist.count > 1 else { continue }
                let numeric = dist.keys.allSatisfy { $0.numericValue != nil }
                let fewValues = dist.count <= max(2, min(10, n / 4))
                guard numeric || fewValues else { continue }
                chosen.append(key)
                if let top = dist.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key.displayText > $1.key.displayText }) {
                    common[key] = top.key
                }
            }
            if !chosen.isEmpty {
                keys[op] = chosen.sorted()
                typical[op] = common
            }
        }
    }

    /// Each key's values and their counts over the spans at `indexes`. A key's values stop being
    /// collected past 64 distinct ones (values seen before still count): such a key is an id.
    ///
    /// Keys are numbered by `KeySlots` (the key last seen at each attribute position tried
    /// first) and each key's values counted by a `ValueTally`, so a span's attribute costs a few
    /// integer comparisons rather than two dictionary look-ups keyed by id and value (hashing
    /// was most of this count's time).
    static func countValues(_ spans: SpanTable, indexes: ArraySlice<Int>) -> [String: [AttributeValue: Int]] {
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        var slots = KeySlots()
        var tallies: [ValueTally] = []
        var nested: [AttributeValue: StoredValue] = [:]
        indexes.withUnsafeBufferPointer { indexBuffer in
            for (k, i) in indexBuffer.enumerated() {
                spans.prefetchAttributes(ahead: k, in: indexBuffer)
                let range = spans.attributeRanges[i].range
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
                }
            }
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

        /// Counts `value`; a value not met before is added only while the key has at most 64.
        mutating func count(_ value: StoredValue) {
            for k in few.indices where few[k].value == value {
                few[k].count += 1
                return
            }
            if !more.isEmpty, let index = more.index(forKey: value) {
                more.values[index] += 1
                return
            }
            guard distinctCount <= 64 else { return }
            if few.count < 16 && more.isEmpty { few.append((value, 1)) } else { more[value] = 1 }
        }
    }

    func keys(service: String, name: String) -> [String] {
        keys[Operation(service: service, name: name)] ?? []
    }

    /// True when the value is one that marks the operation's slow spans (its share among the
    /// slowest 5% exceeds its share among the rest, for an attribute whose margin-adjusted
    /// score shows the difference is more than chance), or,
    /// without such a comparison, when it differs from the operation's most common value (for
    /// numbers: more than twice it).
    func isNotable(service: String, name: String, key: String, value: AttributeValue) -> Bool {
        if let c = comparisons[Operation(service: service, name: name)]?[key], c.score >= 0.05 {
            return c.leansSlow(value)
        }
        guard let t = typical[Operation(service: service, name: name)]?[key] else { return false }
        if let a = value.numericValue, let b = t.numericValue { return a > 2 * max(b, 1) }
        return value != t
    }
}
