import TelemetryModel
import Vocabulary

/// Turning an operation's spans, split by one attribute's values, into scored groups: the
/// categorical and numeric comparisons, the groups' shares and margins, and the finished
/// comparison (its score and kind). `compare` (AttributeComparison.swift) gathers the values.
extension AttributeComparison {
    static func categoricalComparison(
        _ values: [String], durations: [Int64], slow: [Bool],
        order: [Int]? = nil
    ) -> AttributeComparison? {
        var members: [String: [Int]] = [:]
        for (i, v) in values.enumerated() { members[v, default: []].append(i) }
        return categoricalComparison(members: members, durations: durations, slow: slow, order: order)
    }

    /// Positions `0..<count` grouped by their value's display text (a position absent from
    /// `present` is "(missing)"), each group in ascending position order.
    static func membersByText(
        _ present: some Sequence<(position: Int, value: StoredValue)>, count: Int, spans: borrowing SpanTable
    ) -> [String: [Int]] {
        let (group, texts) = groupsByText(present, count: count, spans: spans)
        let lists = positionsByGroup(group.map(Int.init), groupCount: texts.count)
        var members: [String: [Int]] = [:]
        for (g, list) in lists.enumerated() where !list.isEmpty { members[texts[g]] = list }
        return members
    }

    /// Each position's group (`0..<count`; a position absent from `present` is in group 0,
    /// "(missing)") by its value's display text, and the text of each group. Values are hashed
    /// as the span table stores them, and each distinct one is turned into text once: making and
    /// hashing a `String` per span was most of the categorical comparisons' time. Every group
    /// but "(missing)" has a member.
    static func groupsByText(
        _ present: some Sequence<(position: Int, value: StoredValue)>, count: Int, spans: borrowing SpanTable
    ) -> (group: [Int32], texts: [String]) {
        var groups = TextGroups()
        var group = [Int32](repeating: 0, count: count)
        for (position, value) in present { group[position] = groups.id(of: value, in: spans) }
        return (group, groups.texts)
    }

    /// `groupsByText` of one key's values where spans replayed recorded lists: a list's group is
    /// found the first time a span replays it and taken for the others (groups are numbered in
    /// the order their first member comes, which is the order the lists' first spans come).
    /// A list without the key is remembered as "(missing)" like the others, so a replaying span
    /// takes its list's group without asking whether the list holds a value: lists with and
    /// without the key come in no order, and that question was a guess the processor often got
    /// wrong (issue 7).
    static func groupsByText(
        _ values: ReplayedValues, count: Int, spans: borrowing SpanTable
    ) -> (group: [Int32], texts: [String]) {
        var groups = TextGroups()
        var group = [Int32](repeating: 0, count: count)
        // Each recorded list's group once known (0, "(missing)", without the key); -1 before.
        var groupOfList = [Int32](repeating: -1, count: values.valueIn.count)
        let direct = values.direct
        var nextDirect = 0
        for position in values.listOf.indices {
            let list = Int(values.listOf[position])
            if list >= 0 {
                var g = groupOfList[list]
                if g < 0 {
                    g = values.valueIn[list].map { groups.id(of: $0, in: spans) } ?? 0
                    groupOfList[list] = g
                }
                group[position] = g
            } else if nextDirect < direct.count && Int(direct.positions[nextDirect]) == position {
                group[position] = groups.id(of: direct.values[nextDirect], in: spans)
                nextDirect += 1
            }
        }
        return (group, groups.texts)
    }

    /// Group numbers by display text, given as values meet them: 0 is "(missing)".
    struct TextGroups {
        private(set) var texts = ["(missing)"]
        private var textID: [String: Int32] = ["(missing)": 0]
        private var idOfValue: [StoredValue: Int32] = [:]
        /// The first few distinct values are searched before the dictionary: most keys have a
        /// handful of values, and comparing a few enums is cheaper than hashing one per span.
        private var few: [(value: StoredValue, id: Int32)] = []

        mutating func id(of value: StoredValue, in spans: borrowing SpanTable) -> Int32 {
            if let known = few.first(where: { $0.value == value })?.id ?? idOfValue[value] { return known }
            let text = spans.value(value).displayText
            let id: Int32
            if let known = textID[text] {
                id = known
            } else {
                id = Int32(texts.count)
                textID[text] = id
                texts.append(text)
            }
            if few.count < 16 { few.append((value, id)) } else { idOfValue[value] = id }
            return id
        }
    }

    /// The categorical comparison of positions grouped by value (`members`, each list ascending).
    /// `separation: false` leaves `separation` nil (the window comparison shows none).
    /// `order` and `sorted`: the durations' order and the durations in it
    /// (`RadixSort.sortedWithOrder`), when the caller has them.
    static func categoricalComparison(
        members: [String: [Int]], durations: [Int64], slow: [Bool], order: [Int]? = nil, sorted: [Int64]? = nil,
        separation: Bool = true
    ) -> AttributeComparison? {
        let byValue = Array(members)
        var groupOf = [Int32](repeating: -1, count: durations.count)
        for (g, entry) in byValue.enumerated() { for i in entry.value { groupOf[i] = Int32(g) } }
        return categoricalComparison(
            groupOf: groupOf, labels: byValue.map(\.key), keepEmpty: true, durations: durations, slow: slow, order: order,
            sorted: sorted, separation: separation)
    }

    /// The categorical comparison of positions by group (`groupOf[i]`: an index into `labels`,
    /// or -1 for none). A label without members is a group of none with `keepEmpty`, and left out
    /// without. Counting each group's members and slow members in one pass over the positions
    /// spares the per-group lists of positions (at 2M spans, 3 MB a key of an operation, made,
    /// read and freed for every compared key).
    static func categoricalComparison(
        groupOf: [Int32], labels: [String], keepEmpty: Bool, durations: [Int64], slow: [Bool], order: [Int]? = nil,
        sorted: [Int64]? = nil, separation: Bool = true
    ) -> AttributeComparison? {
        var memberCount = [Int](repeating: 0, count: labels.count)
        var slowMembers = [Int](repeating: 0, count: labels.count)
        var slowTotal = 0
        groupOf.withUnsafeBufferPointer { groupOf in
            slow.withUnsafeBufferPointer { slow in
                for i in 0..<groupOf.count {
                    if slow[i] { slowTotal += 1 }
                    let g = Int(groupOf[i])
                    guard g >= 0 else { continue }
                    memberCount[g] += 1
                    if slow[i] { slowMembers[g] += 1 }
                }
            }
        }
        let restTotal = slow.count - slowTotal
        let (order, sorted) = inDurationOrder(durations, order: order, sorted: sorted)
        let (latencies, groupByRank) = latencyByGroup(
            groupOf: groupOf, counts: memberCount, order: order, sorted: sorted, ranks: separation)
        let groups = labels.indices.filter { keepEmpty || memberCount[$0] > 0 }.map { g in
            (
                g,
                makeGroup(
                    labels[g], count: memberCount[g], slowMembers: slowMembers[g], slowTotal: slowTotal, restTotal: restTotal,
                    latency: latencies[g])
            )
        }.sorted { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.1.value < $1.1.value }
        var result = finish(.categorical, groups: groups.map(\.1), correlation: nil, slowCount: slowTotal, restCount: restTotal)
        if separation, groups.count >= 2 {
            // Members of different values are disjoint, so a group's number names its members.
            let (a, b) = (groups[0].0, groups[1].0)
            let p = probabilityOfSuperiority(
                group: Int32(a), Int32(b), nx: memberCount[a], ny: memberCount[b], groupByRank: groupByRank, sorted: sorted)
            result?.separation =
                p >= 0.5
                ? Separation(slower: groups[0].1.value, faster: groups[1].1.value, probability: p)
                : Separation(slower: groups[1].1.value, faster: groups[0].1.value, probability: 1 - p)
        }
        return result
    }

    static func numericComparison(
        _ values: [Double?], durations: [Int64], slow: [Bool],
        order: [Int]? = nil, sorted: [Int64]? = nil
    ) -> AttributeComparison? {
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
            guard let v else {
                missing.append(i)
                continue
            }
            var bin = 0
            while bin < cuts.count && v >= cuts[bin] { bin += 1 }
            members[bin, default: []].append(i)
        }
        let slowTotal = slow.reduce(0) { $0 + ($1 ? 1 : 0) }
        let bins = members.keys.sorted()
        var groupOf = [Int32](repeating: -1, count: values.count)
        for (g, bin) in bins.enumerated() { for i in members[bin]! { groupOf[i] = Int32(g) } }
        for i in missing { groupOf[i] = Int32(bins.count) }
        let (order, sorted) = inDurationOrder(durations, order: order, sorted: sorted)
        let counts = bins.map { members[$0]!.count } + [missing.count]
        let latencies = latencyByGroup(groupOf: groupOf, counts: counts, order: order, sorted: sorted, ranks: false).latencies
        var groups: [Group] = bins.enumerated().map { g, bin in
            let lo = bin == 0 ? present[0] : cuts[bin - 1]
            let label =
                bin < cuts.count
                ? "[\(NumberFormat.shortest(lo)), \(NumberFormat.shortest(cuts[bin])))"
                : "[\(NumberFormat.shortest(lo)), \(NumberFormat.shortest(present[present.count - 1]))]"
            return makeGroup(
                label, members[bin]!, slow: slow, slowTotal: slowTotal, latency: latencies[g])
        }
        if !missing.isEmpty {
            groups.append(
                makeGroup(
                    "(missing)", missing, slow: slow, slowTotal: slowTotal, latency: latencies[bins.count]))
        }
        let pairs = values.enumerated().compactMap { i, v in v.map { ($0, Double(durations[i])) } }
        var result = finish(
            .numeric, groups: groups, correlation: Spearman.correlation(pairs), slowCount: slowTotal, restCount: slow.count - slowTotal)
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

    /// A group whose members' latency summary is already known (`latencyByGroup`), and the
    /// operation's slow total: an operation's groups are summarised in one pass over its spans
    /// in duration order, instead of a count and a sort per group.
    static func makeGroup(
        _ value: String, _ idx: [Int], slow: [Bool], slowTotal: Int, latency: LatencySummary?
    ) -> Group {
        var s = 0
        for i in idx where slow[i] { s += 1 }
        return makeGroup(
            value, count: idx.count, slowMembers: s, slowTotal: slowTotal, restTotal: slow.count - slowTotal,
            latency: latency)
    }

    /// A group from its counts: `count` members, `slowMembers` of them slow, of the operation's
    /// `slowTotal` slow spans and `restTotal` others; `latency` its members' durations' summary
    /// (nil: none).
    static func makeGroup(
        _ value: String, count: Int, slowMembers: Int, slowTotal: Int, restTotal: Int, latency: LatencySummary?
    ) -> Group {
        Group(
            value: value, count: count, slowShare: Double(slowMembers) / Double(max(1, slowTotal)),
            restShare: Double(count - slowMembers) / Double(max(1, restTotal)), latency: latency)
    }

    /// The durations' order and the durations in it: as given, or by one radix sort.
    static func inDurationOrder(_ durations: [Int64], order: [Int]?, sorted: [Int64]?) -> (order: [Int], sorted: [Int64]) {
        guard let order else {
            let byRadix = RadixSort.sortedWithOrder(durations)
            return (byRadix.order, byRadix.sorted)
        }
        return (order, sorted ?? order.map { durations[$0] })
    }

    /// Each group's latency summary (nil for a group without members) from the operation's
    /// duration order (`sorted[k]` is the duration of span `order[k]`), each span's group
    /// (`groupOf`, -1: none) and each group's members (`counts`, as the caller counted them from
    /// `groupOf`), and with `ranks` each span's group in duration order
    /// (`groupByRank[k]` = `groupOf[order[k]]`, read in the same pass) for the Mann–Whitney walk;
    /// empty without.
    ///
    /// Why no sorted list per group: a summary reads five positions of a group's sorted
    /// durations, and the operation's duration order meets every group's members in ascending
    /// order, so one pass that counts each group's members met so far picks them up. The lists
    /// (and the flat array they were cut from) were two arrays of the operation's size for every
    /// compared key, made and freed at once: at 500k spans, 7% of a render's page faults
    /// (issue 7).
    static func latencyByGroup(groupOf: [Int32], counts count: [Int], order: [Int], sorted: [Int64], ranks: Bool)
        -> (latencies: [LatencySummary?], groupByRank: [Int32])
    {
        let groupCount = count.count
        // Five wanted positions a group (non-decreasing), the values found, and how far each
        // group has got: members met so far and the next wanted position.
        var wanted = [Int](repeating: -1, count: groupCount * 5)
        for g in 0..<groupCount where count[g] > 0 {
            for (j, p) in LatencySummary.positions(count[g]).enumerated() { wanted[g * 5 + j] = p }
        }
        var found = [Int64](repeating: 0, count: groupCount * 5)
        var met = [Int](repeating: 0, count: groupCount)
        var next = [Int](repeating: 0, count: groupCount)
        var groupByRank = [Int32](repeating: -1, count: ranks ? order.count : 0)
        order.withUnsafeBufferPointer { order in
            groupOf.withUnsafeBufferPointer { groupOf in
                sorted.withUnsafeBufferPointer { sorted in
                    groupByRank.withUnsafeMutableBufferPointer { groupByRank in
                        for k in 0..<order.count {
                            let g = Int(groupOf[order[k]])
                            if ranks { groupByRank[k] = Int32(g) }
                            guard g >= 0 else { continue }
                            let position = met[g]
                            met[g] = position + 1
                            while next[g] < 5 && wanted[g * 5 + next[g]] == position {
                                found[g * 5 + next[g]] = sorted[k]
                                next[g] += 1
                            }
                        }
                    }
                }
            }
        }
        let latencies = (0..<groupCount).map { g in
            count[g] == 0 ? nil : LatencySummary(count: count[g], atPositions: Array(found[(g * 5)..<(g * 5 + 5)]))
        }
        return (latencies, groupByRank)
    }

    /// Positions `0..<group.count` by their group (`group[i]` in `0..<groupCount`), each list
    /// ascending: one flat array filled through buffers and cut, instead of an append (and a
    /// uniqueness check) per position into an array per group.
    static func positionsByGroup(_ group: [Int], groupCount: Int) -> [[Int]] {
        var start = [Int](repeating: 0, count: groupCount + 1)
        for g in group { start[g + 1] += 1 }
        for g in 0..<groupCount { start[g + 1] += start[g] }
        let flat = [Int](unsafeUninitializedCapacity: group.count) { buffer, initialized in
            var next = start
            next.withUnsafeMutableBufferPointer { next in
                group.withUnsafeBufferPointer { group in
                    for i in 0..<group.count {
                        buffer.initializeElement(at: next[group[i]], to: i)
                        next[group[i]] += 1
                    }
                }
            }
            initialized = group.count
        }
        return (0..<groupCount).map { Array(flat[start[$0]..<start[$0 + 1]]) }
    }

    static func finish(_ kind: Kind, groups: [Group], correlation: Double?, slowCount: Int, restCount: Int) -> AttributeComparison? {
        let scored = groups.map { ($0, marginAdjustedDifference($0, slowCount: slowCount, restCount: restCount)) }
        guard let (top, score) = scored.max(by: { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.count < b.0.count }) else { return nil }
        return AttributeComparison(
            service: "", operation: "", attribute: "", kind: kind, score: score,
            groups: groups, rankCorrelation: correlation, slowThresholdNanos: 0, slowCount: 0, restCount: 0,
            topValue: top.value)
    }
}
