import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// For each operation (service + span name), the attribute keys whose values vary between its
/// spans in a way worth showing in a waterfall row: few distinct values (a flag such as a cache
/// hit) or numbers (a size or count). Ids and free text, which differ on every span, are left
/// out. Nothing here knows any attribute's name: the data decides.
struct VaryingAttributes {
    /// The analysis's operation key, which `OperationValues` counts by.
    typealias Operation = AttributeComparison.OperationKey

    /// Keys to show per operation, sorted.
    private(set) var keys: [Operation: [String]] = [:]
    /// The most common value per operation and key, to flag values that differ from it.
    private(set) var typical: [Operation: [String: AttributeValue]] = [:]

    /// Comparisons of slow spans against the rest, by operation and key.
    private(set) var comparisons: [Operation: [String: AttributeComparison]] = [:]

    /// `values`: the analysis's `SnapshotAnalysis.operationValues` (counted here when nil).
    init(_ snapshot: Snapshot, comparisons list: [AttributeComparison] = [], values: OperationValues? = nil) {
        for c in list {
            comparisons[Operation(service: c.service, name: c.operation), default: [:]][c.attribute] = c
        }
        let counted = values ?? OperationValues(snapshot)
        for (op, perKey) in counted.values {
            let n = counted.spanCounts[op] ?? 0
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
