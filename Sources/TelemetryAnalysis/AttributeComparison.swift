import TelemetryModel

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
    public static func forAttribute(_ key: String, in snapshot: Snapshot, minimumSpans: Int = 5) -> [AttributeComparison] {
        var byOperation: [OperationKey: [Int]] = [:]
        var carriers = Set<OperationKey>()
        let names = snapshot.serviceNamesByResource
        let spans = snapshot.spans
        for i in spans.indices {
            let op = OperationKey(service: names[spans[i].resourceIndex], name: spans[i].name)
            byOperation[op, default: []].append(i)
            if spans[i].attributes[key: key] != nil { carriers.insert(op) }
        }
        var result: [AttributeComparison] = []
        for op in carriers {
            guard let indexes = byOperation[op], indexes.count >= minimumSpans else { continue }
            result += compare(snapshot, operation: op, indexes: indexes, onlyKey: key, keepAll: true)
        }
        return result.sorted { a, b in
            a.score != b.score ? a.score > b.score : (a.service, a.operation) < (b.service, b.operation)
        }
    }

    /// Comparisons for every operation with at least `minimumSpans` spans, best score first.
    public static func rank(_ snapshot: Snapshot, services: Set<String>? = nil, minimumSpans: Int = 20) -> [AttributeComparison] {
        var byOperation: [OperationKey: [Int]] = [:]
        let names = snapshot.serviceNamesByResource
        let spans = snapshot.spans
        for i in spans.indices {
            let service = names[spans[i].resourceIndex]
            if let services, !services.contains(service) { continue }
            byOperation[OperationKey(service: service, name: spans[i].name), default: []].append(i)
        }
        var result: [AttributeComparison] = []
        for (op, indexes) in byOperation where indexes.count >= minimumSpans {
            result += compare(snapshot, operation: op, indexes: indexes)
        }
        return result.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            return (a.service, a.operation, a.attribute) < (b.service, b.operation, b.attribute)
        }
    }

    /// What one pass learns about a key's values.
    struct KeyStats {
        var present = 0
        var allNumeric = true
        var distinct = Set<AttributeValue>()
        var overflow = false

        mutating func add(_ value: AttributeValue) {
            present += 1
            if allNumeric && value.numericValue == nil { allNumeric = false }
            guard !overflow else { return }
            distinct.insert(value)
            if distinct.count > 1000 {
                overflow = true
                distinct = []
            }
        }
    }

    struct OperationKey: Hashable {
        var service: String
        var name: String
    }

    /// At most this many attribute keys are compared per operation (those on the most spans).
    public static let maximumKeys = 200

    static func compare(_ snapshot: Snapshot, operation: OperationKey, indexes: [Int], onlyKey: String? = nil,
                        keepAll: Bool = false) -> [AttributeComparison] {
        let durations = indexes.map { snapshot.spans[$0].durationNanos }
        let sorted = durations.sorted()
        let threshold = Percentile.p95.of(sorted: sorted)!
        let slow = durations.map { $0 >= threshold }
        let slowCount = slow.filter { $0 }.count
        let restCount = durations.count - slowCount
        guard slowCount > 0, restCount > 0 else { return [] }
        // One pass over the operation's attributes gathers, per key, whether every value is a
        // number and how many distinct values there are (counting stops past 1,000: such a key
        // is an id or free text, not something that sets slow spans apart).
        var stats: [String: KeyStats] = [:]
        let spans = snapshot.spans
        for i in indexes {
            for a in spans[i].attributes where onlyKey == nil || a.key == onlyKey {
                stats[a.key, default: KeyStats()].add(a.value)
            }
        }
        if let onlyKey, stats[onlyKey] == nil { stats[onlyKey] = KeyStats() }
        // Each compared key costs a pass over the operation's spans, so with tens of thousands
        // of distinct keys (a key per user id) comparing all would be quadratic: the
        // `maximumKeys` keys present on the most spans are compared (ties by name).
        var keys = stats.keys.sorted()
        if keys.count > maximumKeys {
            keys = Array(keys.sorted { (stats[$0]!.present, $1) > (stats[$1]!.present, $0) }.prefix(maximumKeys)).sorted()
        }
        // The values of the chosen keys, gathered in one pass (the first of duplicate keys
        // wins, as `attributes[key:]` reads it); looking each key up per span was quadratic in
        // the attributes of a span.
        let slot = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var present = [[(position: Int, value: AttributeValue)]](repeating: [], count: keys.count)
        for (position, i) in indexes.enumerated() {
            for a in spans[i].attributes {
                guard let k = slot[a.key] else { continue }
                if present[k].last?.position == position { continue }
                present[k].append((position, a.value))
            }
        }
        var out: [AttributeComparison] = []
        for (k, key) in keys.enumerated() {
            let st = stats[key]!
            let distinctCount = st.overflow ? Int.max : st.distinct.count
            guard keepAll || distinctCount > 1 || st.present < indexes.count else { continue }
            let numeric = st.present > 0 && st.allNumeric && distinctCount > 10
            if !numeric {
                guard keepAll || distinctCount <= max(10, indexes.count / 20) else { continue }  // ids and free text
            }
            var values = [AttributeValue?](repeating: nil, count: indexes.count)
            for (position, value) in present[k] { values[position] = value }
            var c: AttributeComparison?
            if numeric {
                c = numericComparison(values.map { $0?.numericValue }, durations: durations, slow: slow)
            } else {
                c = categoricalComparison(values.map { $0?.displayText ?? "(missing)" }, durations: durations, slow: slow)
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

    static func categoricalComparison(_ values: [String], durations: [Int64], slow: [Bool]) -> AttributeComparison? {
        var members: [String: [Int]] = [:]
        for (i, v) in values.enumerated() { members[v, default: []].append(i) }
        let groups = members.map { value, idx in makeGroup(value, idx, durations: durations, slow: slow) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        let slowTotal = slow.filter { $0 }.count
        var result = finish(.categorical, groups: groups, correlation: nil, slowCount: slowTotal, restCount: slow.count - slowTotal)
        if groups.count >= 2, let a = members[groups[0].value], let b = members[groups[1].value] {
            let p = probabilityOfSuperiority(a.map { durations[$0] }, b.map { durations[$0] })
            result?.separation = p >= 0.5 ? Separation(slower: groups[0].value, faster: groups[1].value, probability: p)
                                           : Separation(slower: groups[1].value, faster: groups[0].value, probability: 1 - p)
        }
        return result
    }

    /// P(X > Y) + ½ P(X = Y) for X drawn from `x` and Y from `y`, by ranking both together
    /// (average ranks for ties): U = R_x − n_x(n_x + 1)/2, P = U / (n_x n_y).
    public static func probabilityOfSuperiority(_ x: [Int64], _ y: [Int64]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0.5 }
        let ranks = Spearman.ranks((x + y).map(Double.init))
        let rx = ranks.prefix(x.count).reduce(0, +)
        let nx = Double(x.count), ny = Double(y.count)
        return (rx - nx * (nx + 1) / 2) / (nx * ny)
    }

    static func numericComparison(_ values: [Double?], durations: [Int64], slow: [Bool]) -> AttributeComparison? {
        let present = values.compactMap { $0 }.sorted()
        guard !present.isEmpty else { return nil }
        // Cut points at the deciles of the values (nearest rank), deduplicated.
        var cuts: [Double] = []
        for k in 1...9 {
            let c = present[max(0, (k * present.count + 9) / 10 - 1)]
            if c > present[0] && c <= present[present.count - 1] && !cuts.contains(c) { cuts.append(c) }
        }
        var members: [Int: [Int]] = [:]
        var missing: [Int] = []
        for (i, v) in values.enumerated() {
            guard let v else { missing.append(i); continue }
            var bin = 0
            while bin < cuts.count && v >= cuts[bin] { bin += 1 }
            members[bin, default: []].append(i)
        }
        var groups: [Group] = members.keys.sorted().map { bin in
            let lo = bin == 0 ? present[0] : cuts[bin - 1]
            let label = bin < cuts.count ? "[\(NumberFormat.shortest(lo)), \(NumberFormat.shortest(cuts[bin])))" : "[\(NumberFormat.shortest(lo)), \(NumberFormat.shortest(present[present.count - 1]))]"
            return makeGroup(label, members[bin]!, durations: durations, slow: slow)
        }
        if !missing.isEmpty { groups.append(makeGroup("(missing)", missing, durations: durations, slow: slow)) }
        let pairs = values.enumerated().compactMap { i, v in v.map { ($0, Double(durations[i])) } }
        let slowTotal = slow.filter { $0 }.count
        var result = finish(.numeric, groups: groups, correlation: Spearman.correlation(pairs), slowCount: slowTotal, restCount: slow.count - slowTotal)
        result?.cuts = cuts
        return result
    }

    /// |share among slow − share among the rest| less its 95% margin of error (Agresti–Caffo:
    /// one success and one failure added to each side), floored at 0. With a few dozen slow
    /// spans, a difference of 0.3 can be chance; this keeps such noise below a real signal.
    static func marginAdjustedDifference(_ g: Group, slowCount: Int, restCount: Int) -> Double {
        let ns = Double(slowCount), nr = Double(restCount)
        let ps = (g.slowShare * ns + 1) / (ns + 2), pr = (g.restShare * nr + 1) / (nr + 2)
        let se = (ps * (1 - ps) / (ns + 2) + pr * (1 - pr) / (nr + 2)).squareRoot()
        return max(0, abs(g.slowShare - g.restShare) - 1.96 * se)
    }

    static func makeGroup(_ value: String, _ idx: [Int], durations: [Int64], slow: [Bool]) -> Group {
        let slowTotal = slow.filter { $0 }.count
        let restTotal = slow.count - slowTotal
        let s = idx.filter { slow[$0] }.count
        return Group(value: value, count: idx.count, slowShare: Double(s) / Double(max(1, slowTotal)),
                     restShare: Double(idx.count - s) / Double(max(1, restTotal)),
                     latency: LatencySummary(durations: idx.map { durations[$0] }))
    }

    static func finish(_ kind: Kind, groups: [Group], correlation: Double?, slowCount: Int, restCount: Int) -> AttributeComparison? {
        let scored = groups.map { ($0, marginAdjustedDifference($0, slowCount: slowCount, restCount: restCount)) }
        guard let (top, score) = scored.max(by: { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.count < b.0.count }) else { return nil }
        return AttributeComparison(service: "", operation: "", attribute: "", kind: kind, score: score,
                                   groups: groups, rankCorrelation: correlation, slowThresholdNanos: 0, slowCount: 0, restCount: 0,
                                   topValue: top.value)
    }
}

/// Spearman's rank correlation with average ranks for ties.
public enum Spearman {
    public static func correlation(_ pairs: [(Double, Double)]) -> Double? {
        guard pairs.count >= 3 else { return nil }
        let rx = ranks(pairs.map(\.0)), ry = ranks(pairs.map(\.1))
        let n = Double(pairs.count)
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// 1-based ranks, ties sharing the average of their positions.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { result[order[k]] = rank }
            i = j + 1
        }
        return result
    }
}
