import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The window comparison's attribute scoring reads integer value columns (`ValueColumns`,
/// issue 7); the straightforward version it replaced — a `String` per span and value, grouped
/// by text — is kept here, and both must give the same comparisons on random snapshots with
/// many ties, resource attributes a span's own attribute overrides, repeated keys, numbers and
/// strings of the same text, a value reading "(missing)", id-like keys and more keys than
/// `maximumKeys`.
@Suite struct WindowAttributesReferenceTests {
    /// The implementation before issue 7's analysis speed-up, unchanged but for its name and
    /// the limit (every comparison is compared, not only the best five).
    enum Reference {
        static let maximumKeys = WindowComparison.maximumKeys
        static func attributes(
            _ snapshot: Snapshot, operation: AttributeComparison.OperationKey, baseline: [Int], target: [Int], limit: Int
        )
            -> [AttributeComparison]
        {
            let spans = snapshot.spans
            let indexes = baseline + target
            let split = [Bool](repeating: false, count: baseline.count) + [Bool](repeating: true, count: target.count)
            let durations = indexes.map { spans.durationNanos(at: $0) }
            // Span attributes as the table stores them (key ids, stored values), resource attributes
            // by resource: no value is materialised until its key is chosen, and each distinct stored
            // value is converted once.
            let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
            var spanValues: [UInt32: [StoredValue?]] = [:]
            for (k, i) in indexes.enumerated() {
                let range = spans.attributeRanges[i].range
                for j in range {
                    let id = keys[j]
                    if spanValues[id] == nil { spanValues[id] = [StoredValue?](repeating: nil, count: indexes.count) }
                    if spanValues[id]![k] == nil { spanValues[id]![k] = stored[j] }
                }
            }
            var values: [String: [AttributeValue?]] = [:]
            for (id, list) in spanValues {
                var cache: [StoredValue: AttributeValue] = [:]
                values[spans.strings[id]] = list.map { v in
                    guard let v else { return nil }
                    if let c = cache[v] { return c }
                    let c = spans.value(v)
                    cache[v] = c
                    return c
                }
            }
            let resourceIndexes = indexes.map { Int(spans.resourceIndexes[$0]) }
            var resourceKeys = Set<String>()
            for r in Set(resourceIndexes) where snapshot.resources.indices.contains(r) {
                for a in snapshot.resources[r].attributes where a.key != "service.name" { resourceKeys.insert(a.key) }
            }
            // A span's own attribute wins over its resource's of the same key.
            for key in resourceKeys {
                var byResource: [Int: AttributeValue?] = [:]
                let own = values[key]
                values[key] = resourceIndexes.enumerated().map { k, r in
                    if let v = own?[k] { return v }
                    if let v = byResource[r] { return v }
                    let v = snapshot.resources.indices.contains(r) ? snapshot.resources[r].attributes[key: key] : nil
                    byResource[r] = v
                    return v
                }
            }
            var candidates = values.keys.sorted()
            if candidates.count > maximumKeys {
                let present = values.mapValues { $0.filter { $0 != nil }.count }
                candidates = Array(candidates.sorted { (present[$0]!, $1) > (present[$1]!, $0) }.prefix(maximumKeys)).sorted()
            }
            var out: [AttributeComparison] = []
            for key in candidates {
                let v = values[key]!
                let present = v.compactMap { $0 }
                let texts = Set(present.map(\.displayText))
                let numeric = !present.isEmpty && present.allSatisfy { $0.numericValue != nil } && texts.count > 10
                var c: AttributeComparison?
                if numeric {
                    c = AttributeComparison.numericComparison(v.map { $0?.numericValue }, durations: durations, slow: split)
                } else {
                    guard texts.count > 1 || present.count < indexes.count, texts.count <= max(10, indexes.count / 20) else { continue }
                    c = AttributeComparison.categoricalComparison(
                        v.map { $0?.displayText ?? "(missing)" }, durations: durations, slow: split)
                    c?.separation = nil
                }
                guard var comparison = c else { continue }
                comparison.service = operation.service
                comparison.operation = operation.name
                comparison.attribute = key
                comparison.slowCount = target.count
                comparison.restCount = baseline.count
                out.append(comparison)
            }
            out.sort { a, b in a.score != b.score ? a.score > b.score : a.attribute < b.attribute }
            return Array(out.prefix(limit))
        }
    }

    static func randomSnapshot(seed: UInt64, spanCount: Int, manyKeys: Bool) -> Snapshot {
        var g = Generator(state: seed)
        var b = SnapshotBuilder()
        let resources: [[Attribute]] = [
            [Attribute(key: "service.name", value: .string("svc")), Attribute(key: "service.version", value: .string("1.0"))],
            [
                Attribute(key: "service.name", value: .string("svc")), Attribute(key: "service.version", value: .string("2.0")),
                Attribute(key: "region", value: .string("eu")),
            ],
            [Attribute(key: "service.name", value: .string("svc")), Attribute(key: "region", value: .int(7))],
        ]
        for r in resources { _ = b.intern(Resource(attributes: r)) }
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<spanCount {
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
            maybe("region", .string(["us", "eu"][g.next(2)]))  // overrides the resource's
            if g.next(3) == 0 { attributes.append(Attribute(key: "tier", value: .string("z"))) }  // a repeat: the first counts
            if g.next(2) == 0 { attributes.append(Attribute(key: "id", value: .string("id-\(k)"))) }
            if manyKeys { for _ in 0..<3 { attributes.append(Attribute(key: "k\(g.next(260))", value: .int(Int64(g.next(3))))) } }
            if g.next(2) == 0 { attributes.shuffle(using: &g) }
            // Durations of a few distinct values: many ties.
            let start = Int64(k) * 1_000_000
            let duration = Int64(g.next(6)) * 1_000_000 + (g.next(5) == 0 ? Int64(g.next(1000)) : 0)
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op", kind: .server, startTimeUnixNano: t0 + start, endTimeUnixNano: t0 + start + duration,
                    status: .unset, attributes: attributes, resourceIndex: Int32(g.next(3))))
        }
        b.add(spans)
        return b.finish()
    }

    static func describe(_ comparisons: [AttributeComparison]) -> [String] { comparisons.map { String(describing: $0) } }

    @Test func columnsGiveTheSameComparisonsAsTexts() {
        for seed in 0..<24 {
            let manyKeys = seed % 4 == 3
            let snap = Self.randomSnapshot(seed: UInt64(seed), spanCount: [40, 90, 300, 1200][seed % 4], manyKeys: manyKeys)
            let op = AttributeComparison.OperationKey(service: "svc", name: "op")
            let indexes = AttributeComparison.spansByOperation(snap)[op]!.sorted()
            var g = Generator(state: UInt64(seed) + 1000)
            // Windows as the comparison gets them: disjoint, each in table order.
            let inTarget = indexes.map { _ in g.next(3) == 0 }
            let baseline = indexes.indices.filter { !inTarget[$0] }.map { indexes[$0] }
            let target = indexes.indices.filter { inTarget[$0] }.map { indexes[$0] }
            let fast = WindowComparison.attributes(snap, operation: op, baseline: baseline, target: target, limit: .max)
            let reference = Reference.attributes(snap, operation: op, baseline: baseline, target: target, limit: .max)
            #expect(!reference.isEmpty)
            #expect(Self.describe(fast) == Self.describe(reference), "seed \(seed)")
            // The report's five.
            #expect(
                Self.describe(WindowComparison.attributes(snap, operation: op, baseline: baseline, target: target))
                    == Array(Self.describe(reference).prefix(WindowComparison.attributeLimit)))
        }
    }
}
