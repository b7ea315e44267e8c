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

    static let sampleLimit = 20_000

    /// Keys to show per operation, sorted.
    private(set) var keys: [Operation: [String]] = [:]
    /// The most common value per operation and key, to flag values that differ from it.
    private(set) var typical: [Operation: [String: AttributeValue]] = [:]

    /// Comparisons of slow spans against the rest, by operation and key.
    private(set) var comparisons: [Operation: [String: AttributeComparison]] = [:]

    init(_ snapshot: Snapshot, comparisons list: [AttributeComparison] = []) {
        for c in list {
            comparisons[Operation(service: c.service, name: c.operation), default: [:]][c.attribute] = c
        }
        // Per operation, the first 20,000 spans (in trace-id order, which is random) are plenty
        // to tell its usual values; more would only cost time at millions of spans. Values are
        // counted as the span table stores them (string ids), operations on every core.
        let spans = snapshot.spans
        let operations = Array(AttributeComparison.spansByOperation(snapshot))
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
    static func countValues(_ spans: SpanTable, indexes: ArraySlice<Int>) -> [String: [AttributeValue: Int]] {
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        var perKey: [UInt32: [StoredValue: Int]] = [:]
        var nested: [AttributeValue: StoredValue] = [:]
        for i in indexes {
            for j in spans.attributeRanges[i].range {
                var v = stored[j]
                if case .other = v {
                    // Equal nested values stored twice count as one value.
                    let value = spans.value(v)
                    if let first = nested[value] { v = first } else { nested[value] = v }
                }
                let known = perKey[keys[j]]
                if known == nil || known!.count <= 64 || known![v] != nil {
                    perKey[keys[j], default: [:]][v, default: 0] += 1
                }
            }
        }
        var result: [String: [AttributeValue: Int]] = [:]
        for (key, dist) in perKey {
            var values: [AttributeValue: Int] = [:]
            for (v, n) in dist { values[spans.value(v)] = n }
            result[spans.strings[key]] = values
        }
        return result
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
