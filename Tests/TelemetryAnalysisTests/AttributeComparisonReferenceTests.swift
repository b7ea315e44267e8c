import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// `AttributeComparison.compare` reads each span's attributes once and orders durations by a
/// radix sort (issue 7); the version before — a comparison sort of (duration, index) pairs, a
/// second pass for the chosen keys' values, every value hashed when grouped — is kept below, and
/// both must give the same comparisons on random operations with many ties, repeated keys,
/// numbers, ids past 1,000 distinct values, a key that turns non-numeric late, more keys than
/// `maximumKeys`, and `--compare` of present and absent keys.
@Suite struct AttributeComparisonReferenceTests {
    static func randomSnapshot(seed: UInt64, spanCount: Int, manyKeys: Bool) -> Snapshot {
        snapshot(seed: seed, spanCount: spanCount) { k, g in
            var attributes: [Attribute] = []
            func maybe(_ key: String, _ value: AttributeValue) {
                if g.next(4) != 0 { attributes.append(Attribute(key: key, value: value)) }
            }
            maybe("flag", .bool(g.next(2) == 0))
            maybe("tier", .string(["a", "b", "c", "(missing)"][g.next(4)]))
            maybe("n", g.next(2) == 0 ? .int(Int64(g.next(30))) : .double(Double(g.next(30))))  // 5 and 5.0 read alike
            maybe("size", .int(Int64(g.next(4))))
            maybe("mixed", g.next(2) == 0 ? .string("7") : .int(7))
            maybe("ratio", .double(Double(g.next(40)) / 8))
            maybe("bytes", .bytes([UInt8(g.next(3))]))
            maybe("list", .array([.int(Int64(g.next(2)))]))  // a nested value
            if g.next(3) == 0 { attributes.append(Attribute(key: "tier", value: .string("z"))) }  // a repeat: the first counts
            if g.next(2) == 0 { attributes.append(Attribute(key: "id", value: .string("id-\(k)"))) }
            attributes.append(Attribute(key: "seq", value: .int(Int64(k))))  // numeric, past 1,000 distinct
            // Numbers past 1,000 distinct, then one text: compared with keepAll only.
            attributes.append(Attribute(key: "late", value: k == spanCount - 1 ? .string("x") : .int(Int64(k))))
            if manyKeys { for _ in 0..<3 { attributes.append(Attribute(key: "k\(g.next(260))", value: .int(Int64(g.next(3))))) } }
            if g.next(2) == 0 { attributes.shuffle(using: &g) }
            return attributes
        }
    }

    /// Spans of two operations over two services, with `attributes(k, &generator)` on span `k`
    /// and durations of a few distinct values (many ties).
    static func snapshot(seed: UInt64, spanCount: Int, attributes: (Int, inout Generator) -> [Attribute]) -> Snapshot {
        var g = Generator(state: seed)
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("other"))]))
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<spanCount {
            let attributes = attributes(k, &g)
            let start = Int64(k) * 1_000_000
            let duration = Int64(g.next(6)) * 1_000_000 + (g.next(5) == 0 ? Int64(g.next(1000)) : 0)
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k / 3 + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: ["op", "op2"][g.next(2)], kind: .server, startTimeUnixNano: t0 + start, endTimeUnixNano: t0 + start + duration,
                    status: .unset, attributes: attributes, resourceIndex: Int32(g.next(2))))
        }
        b.add(spans)
        return b.finish()
    }

    static func describe(_ comparisons: [AttributeComparison]) -> [String] { comparisons.map { String(describing: $0) } }

    /// Spans whose attribute lists repeat, so that the span table shares them and `compare`
    /// counts most spans from the lists it recorded (`ListReplays`): keys of a few values, a key
    /// of one value on every span, a key twice in some lists (the first counts), and with `wide`
    /// a text key of 1,100 values, past the 1,000 at which a key stops being collected, on lists
    /// that still repeat.
    static func repeatingSnapshot(seed: UInt64, spanCount: Int, wide: Bool) -> Snapshot {
        snapshot(seed: seed, spanCount: spanCount) { _, g in
            // One value on every span: never compared, which takes counting every span's.
            var attributes = [Attribute(key: "const", value: .string("x"))]
            if wide {
                attributes.append(Attribute(key: "wide", value: .string("w\(g.next(1100))")))
                attributes.append(Attribute(key: "flag", value: .bool(g.next(4) == 0)))
            } else {
                if g.next(4) != 0 { attributes.append(Attribute(key: "flag", value: .bool(g.next(2) == 0))) }
                attributes.append(Attribute(key: "tier", value: .string(["a", "b", "c"][g.next(3)])))
                if g.next(3) == 0 { attributes.append(Attribute(key: "size", value: .int(Int64(g.next(3))))) }
                if g.next(5) == 0 { attributes.append(Attribute(key: "tier", value: .string("z"))) }
                if g.next(6) == 0 { attributes.append(Attribute(key: "list", value: .array([.int(Int64(g.next(2)))]))) }
            }
            return attributes
        }
    }

    /// Every operation's comparisons, and those of `--compare` for each of `keys`, as the
    /// reference gives them.
    static func expectSameComparisons(_ snap: Snapshot, keys: [String], seed: Int) {
        let byOperation = AttributeComparison.spansByOperation(snap)
        #expect(byOperation.count == 4)
        for (op, indexes) in byOperation {
            let fast = AttributeComparison.compare(snap, operation: op, indexes: indexes)
            let reference = AttributeComparison.referenceCompare(snap, operation: op, indexes: indexes)
            #expect(!reference.isEmpty)
            #expect(Self.describe(fast) == Self.describe(reference), "seed \(seed), \(op)")
            for key in keys {
                let fast = AttributeComparison.compare(snap, operation: op, indexes: indexes, onlyKey: key, keepAll: true)
                let reference = AttributeComparison.referenceCompare(snap, operation: op, indexes: indexes, onlyKey: key, keepAll: true)
                #expect(Self.describe(fast) == Self.describe(reference), "seed \(seed), \(op), \(key)")
            }
        }
    }

    @Test func spansSharingListsGiveTheSameComparisons() {
        for seed in 0..<6 {
            let wide = seed >= 4
            var snap = Self.repeatingSnapshot(seed: UInt64(seed), spanCount: wide ? 12_000 : [300, 3000][seed % 2], wide: wide)
            // The lists are shared, as a render shares them: far fewer distinct ranges than spans.
            let shared = snap.spans.shareRepeatedAttributeLists()
            #expect(shared)
            let ranges = Set(snap.spans.attributeRanges.map { UInt64($0.start) << 32 | UInt64($0.count) })
            #expect(ranges.count * 2 < snap.spans.count, "seed \(seed)")
            Self.expectSameComparisons(snap, keys: ["tier", "wide", "list", "absent"], seed: seed)
        }
    }

    @Test func onePassGivesTheSameComparisonsAsTwo() {
        for seed in 0..<16 {
            let snap = Self.randomSnapshot(seed: UInt64(seed), spanCount: [60, 400, 2600, 5000][seed % 4], manyKeys: seed % 4 == 1)
            Self.expectSameComparisons(snap, keys: ["tier", "seq", "late", "id", "absent", "k7"], seed: seed)
        }
    }
}

extension AttributeComparison {
    /// The reference order: a comparison sort of (duration, index) pairs.
    static func referenceDurationOrder(_ durations: [Int64]) -> [Int] {
        durations.indices.sorted { a, b in durations[a] != durations[b] ? durations[a] < durations[b] : a < b }
    }

    static func referenceCompare(
        _ snapshot: Snapshot, operation: OperationKey, indexes: [Int], onlyKey: String? = nil,
        keepAll: Bool = false
    ) -> [AttributeComparison] {
        let durations = indexes.map { snapshot.spans.durationNanos(at: $0) }
        // One sort of the operation's spans by duration serves the threshold and every group.
        let order = referenceDurationOrder(durations)
        let sorted = order.map { durations[$0] }
        let threshold = Percentile.p95.of(sorted: sorted)!
        let slow = durations.map { $0 >= threshold }
        let slowCount = slow.filter { $0 }.count
        let restCount = durations.count - slowCount
        guard slowCount > 0, restCount > 0 else { return [] }
        // One pass over the operation's attributes gathers, per key, whether every value is a
        // number and how many distinct values there are (counting stops past 1,000: such a key
        // is an id or free text, not something that sets slow spans apart).
        // Keys and values are read as the span table stores them (string ids), so the pass hashes
        // integers rather than text.
        let spans = snapshot.spans
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        let onlyKeyID = onlyKey.map { spans.strings.id(of: $0) ?? UInt32.max }
        // Per key, a slot in `keyStats`; spans of one operation mostly list their keys in the same
        // order, so the key last seen at each position is tried before the dictionary.
        var slotOfID: [UInt32: Int] = [:]
        var keyIDs: [UInt32] = [], keyStats: [KeyStats] = []
        var lastAtPosition: [(id: UInt32, slot: Int)] = []
        for i in indexes {
            let range = spans.attributeRanges[i].range
            for j in range where onlyKeyID == nil || keys[j] == onlyKeyID! {
                let position = j - range.lowerBound, id = keys[j]
                let slot: Int
                if position < lastAtPosition.count && lastAtPosition[position].id == id {
                    slot = lastAtPosition[position].slot
                } else {
                    if let known = slotOfID[id] {
                        slot = known
                    } else {
                        slot = keyIDs.count
                        slotOfID[id] = slot
                        keyIDs.append(id)
                        keyStats.append(KeyStats())
                    }
                    if position < lastAtPosition.count {
                        lastAtPosition[position] = (id, slot)
                    } else if position == lastAtPosition.count {
                        lastAtPosition.append((id, slot))
                    }
                }
                keyStats[slot].add(stored[j], in: spans)
            }
        }
        var stats: [String: KeyStats] = [:]
        for (slot, id) in keyIDs.enumerated() { stats[spans.strings[id]] = keyStats[slot] }
        if let onlyKey, stats[onlyKey] == nil { stats[onlyKey] = KeyStats() }
        // Each compared key costs work over the operation's spans, so with tens of thousands of
        // distinct keys (a key per user id) comparing all would be quadratic: the `maximumKeys`
        // keys present on the most spans are compared (ties by name).
        var candidates = stats.keys.sorted()
        if candidates.count > maximumKeys {
            candidates = Array(candidates.sorted { (stats[$0]!.present, $1) > (stats[$1]!.present, $0) }.prefix(maximumKeys)).sorted()
        }
        // Which keys are worth comparing, in key order; then one pass over the spans reads every
        // chosen key's value (the first of its key on each span), instead of a pass per key.
        var chosen: [(key: String, id: UInt32?, numeric: Bool)] = []
        for key in candidates {
            let st = stats[key]!
            let distinctCount = st.overflow ? Int.max : st.distinctCount
            guard keepAll || distinctCount > 1 || st.present < indexes.count else { continue }
            let numeric = st.present > 0 && st.allNumeric && distinctCount > 10
            if !numeric {
                guard keepAll || distinctCount <= max(10, indexes.count / 20) else { continue }  // ids and free text
            }
            chosen.append((key, spans.strings.id(of: key), numeric))
        }
        var slotOfKey: [UInt32: Int] = [:]
        for (slot, c) in chosen.enumerated() { if let id = c.id { slotOfKey[id] = slot } }
        // Sparse: (position, value) per chosen key, so a key on few spans costs little.
        var present = [[(position: Int, value: StoredValue)]](repeating: [], count: chosen.count)
        if !slotOfKey.isEmpty {
            var lastAtPosition: [(id: UInt32, slot: Int?)] = []
            for (k, i) in indexes.enumerated() {
                let range = spans.attributeRanges[i].range
                for j in range {
                    let position = j - range.lowerBound, id = keys[j]
                    let slot: Int?
                    if position < lastAtPosition.count && lastAtPosition[position].id == id {
                        slot = lastAtPosition[position].slot
                    } else {
                        slot = slotOfKey[id]
                        if position < lastAtPosition.count {
                            lastAtPosition[position] = (id, slot)
                        } else if position == lastAtPosition.count {
                            lastAtPosition.append((id, slot))
                        }
                    }
                    if let slot, present[slot].last?.position != k { present[slot].append((k, stored[j])) }
                }
            }
        }
        var out: [AttributeComparison] = []
        for (slot, (key, _, numeric)) in chosen.enumerated() {
            var c: AttributeComparison?
            if numeric {
                var values = [Double?](repeating: nil, count: indexes.count)
                for (position, value) in present[slot] { values[position] = spans.value(value).numericValue }
                c = numericComparison(values, durations: durations, slow: slow, order: order)
            } else {
                c = categoricalComparison(
                    members: referenceMembersByText(present[slot], count: indexes.count, spans: spans), durations: durations, slow: slow,
                    order: order)
            }
            present[slot] = []
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

    static func referenceMembersByText(
        _ present: [(position: Int, value: StoredValue)], count: Int, spans: borrowing SpanTable
    ) -> [String: [Int]] {
        var texts = ["(missing)"]
        var textID: [String: Int] = ["(missing)": 0]
        var idOfValue: [StoredValue: Int] = [:]
        var group = [Int](repeating: 0, count: count)
        for (position, value) in present {
            let id: Int
            if let known = idOfValue[value] {
                id = known
            } else {
                let text = spans.value(value).displayText
                if let known = textID[text] {
                    id = known
                } else {
                    id = texts.count
                    textID[text] = id
                    texts.append(text)
                }
                idOfValue[value] = id
            }
            group[position] = id
        }
        var lists = [[Int]](repeating: [], count: texts.count)
        for (i, g) in group.enumerated() { lists[g].append(i) }
        var members: [String: [Int]] = [:]
        for (g, list) in lists.enumerated() where !list.isEmpty { members[texts[g]] = list }
        return members
    }
}
