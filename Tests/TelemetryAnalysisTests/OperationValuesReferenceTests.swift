import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// `OperationValues.countValues` numbers keys by slot and counts values in a short list before a
/// dictionary (issue 7, analysis speed); the version it replaced — a dictionary of dictionaries
/// keyed by key id and stored value — is kept here, and both must count the same on random spans
/// with keys repeated on a span, keys in shifting positions, more than 64 distinct values of a
/// key (new ones then dropped, known ones still counted), more than 16 distinct values (the list
/// and the dictionary both used), nested values stored twice, 0 and -0, and hundreds of keys.
@Suite struct OperationValuesReferenceTests {
    /// The implementation before the speed-up, unchanged but for its name.
    static func referenceCountValues(_ spans: SpanTable, indexes: ArraySlice<Int>) -> [String: [AttributeValue: Int]] {
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        var perKey: [UInt32: [StoredValue: Int]] = [:]
        var nested: [AttributeValue: StoredValue] = [:]
        for i in indexes {
            for j in spans.attributeRanges[i].range {
                var v = stored[j]
                if case .other = v {
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

    static func randomSnapshot(seed: UInt64, spanCount: Int) -> Snapshot {
        var g = SplitMix64(seed: seed)
        func next(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<spanCount {
            var attributes: [Attribute] = []
            func maybe(_ key: String, _ value: @autoclosure () -> AttributeValue) {
                if next(4) != 0 { attributes.append(Attribute(key: key, value: value())) }
            }
            maybe("flag", .bool(next(2) == 0))
            maybe("tier", .string(["a", "b", "c"][next(3)]))
            maybe("n", next(2) == 0 ? .int(Int64(next(30))) : .double(Double(next(30))))
            maybe("zero", next(2) == 0 ? .double(0) : .double(-0.0))
            maybe("wide", .int(Int64(next(40))))  // past 16 distinct values, below 64
            maybe("id", .string("id-\(next(200))"))  // past 64: later values dropped, known ones counted
            maybe("list", .array([.int(Int64(next(3))), .string("x")]))  // nested, equal ones stored apart
            maybe("empty", .empty)
            if next(3) == 0 { attributes.append(Attribute(key: "tier", value: .string("z"))) }  // repeated on the span
            if next(5) == 0 { for _ in 0..<3 { attributes.append(Attribute(key: "k\(next(300))", value: .int(Int64(next(3))))) } }
            if next(2) == 0 { attributes.shuffle(using: &g) }
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op", kind: .server, startTimeUnixNano: t0 + Int64(k) * 1000, endTimeUnixNano: t0 + Int64(k) * 1000 + 500,
                    status: .unset, attributes: attributes, resourceIndex: 0))
        }
        b.add(spans)
        return b.finish()
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func countsMatchTheReference(seed: UInt64) {
        let snapshot = Self.randomSnapshot(seed: seed, spanCount: 3000)
        let spans = snapshot.spans
        let all = Array(spans.indices)
        // The whole table, a prefix, and every third span (an operation's spans lie apart).
        let samples: [ArraySlice<Int>] = [all[...], all.prefix(40), all.enumerated().filter { $0.offset % 3 == 1 }.map(\.element)[...]]
        for indexes in samples {
            let fast = OperationValues.countValues(spans, indexes: indexes)
            let reference = Self.referenceCountValues(spans, indexes: indexes)
            #expect(fast == reference)
        }
        // The test reaches what it is meant to: a key past 64 values and one past 16.
        let counted = OperationValues.countValues(spans, indexes: all[...])
        #expect(counted["id"]?.count == 65)
        #expect((counted["wide"]?.count ?? 0) > 16)
    }

    /// Spans that share stored lists (`shareRepeatedAttributeLists`) are counted by replaying
    /// each list (issue 7): the same counts as the reference, with a key past 64 distinct values
    /// (a value left out when its list is first read is left out on every replay), a key repeated
    /// on a list, and nested values.
    @Test func sharedListsCountAsTheReference() {
        var g = SplitMix64(seed: 21)
        func next(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
        var pool: [[Attribute]] = []
        for k in 0..<100 {
            let tier: AttributeValue = .string(k % 2 == 0 ? "a" : "b")
            var list: [Attribute] = [Attribute(key: "id", value: .string("id-\(k)")), Attribute(key: "tier", value: tier)]
            if k % 7 == 0 { list.append(Attribute(key: "list", value: .array([.int(1), .string("x")]))) }
            if k % 5 == 0 { list.append(Attribute(key: "tier", value: .string("z"))) }
            pool.append(list)
        }
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        let t0: Int64 = 1_700_000_000_000_000_000
        var spanList: [Span] = []
        for k in 0..<4000 {
            let start = t0 + Int64(k) * 1000
            spanList.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op", kind: .server, startTimeUnixNano: start, endTimeUnixNano: start + 500, status: .unset,
                    attributes: pool[next(100)], resourceIndex: 0))
        }
        b.add(spanList)
        var snapshot = b.finish()
        let shared = snapshot.spans.shareRepeatedAttributeLists()
        #expect(shared)
        let spans = snapshot.spans
        // The spans share the pool's 85 lists without a nested value (a nested value is stored
        // anew for each span, so its lists are not shared).
        let plain = spans.indices.filter { spans.attribute("list", at: $0) == nil }
        #expect(Set(plain.map { spans.attributeRanges[$0] }).count == 85)
        let all = Array(spans.indices)
        for indexes in [all[...], all.prefix(150), all.enumerated().filter { $0.offset % 3 == 1 }.map(\.element)[...]] {
            #expect(OperationValues.countValues(spans, indexes: indexes) == Self.referenceCountValues(spans, indexes: indexes))
        }
        #expect(OperationValues.countValues(spans, indexes: all[...])["id"]?.count == 65)
    }

    /// Only operations of two spans or more whose spans carry attributes are kept, in both the
    /// span counts and the values: one of one span ("one") and one without attributes ("bare")
    /// are left out. Fails if an operation of one span were counted (or keyed) again.
    @Test func operationsOfOneSpanOrNoAttributesAreLeftOut() {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        var spanList: [Span] = []
        for (k, (name, value)) in [("one", "a"), ("two", "a"), ("two", "b"), ("bare", ""), ("bare", "")].enumerated() {
            let start = 1_700_000_000_000_000_000 + Int64(k) * 1000
            spanList.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: name, kind: .server, startTimeUnixNano: start, endTimeUnixNano: start + 500, status: .unset,
                    attributes: value.isEmpty ? [] : [Attribute(key: "k", value: .string(value))], resourceIndex: 0))
        }
        b.add(spanList)
        let counted = OperationValues(b.finish())
        let two = AttributeComparison.OperationKey(service: "svc", name: "two")
        #expect(counted.spanCounts == [two: 2])
        #expect(counted.values == [two: ["k": [.string("a"): 1, .string("b"): 1]]])
    }

    /// The analysis counts each operation's values from the comparisons' grouping as they are
    /// counted from grouping the spans again with the limit: with an operation past the limit,
    /// its first spans only.
    @Test func analysisCountsAsAGroupingCutToTheLimit() throws {
        let limit = OperationValues.sampleLimit
        let snapshot = Self.randomSnapshot(seed: 11, spanCount: limit + 500)
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let kept = try #require(analysis.operationValues)
        let first = AttributeComparison.spansByOperation(analysis.snapshot, limit: limit)
        #expect(first.values.map(\.count) == [limit])
        let again = OperationValues(analysis.snapshot)
        #expect(kept.spanCounts == again.spanCounts && kept.values == again.values)
        let op = try #require(first.keys.first)
        #expect(kept.spanCounts == [op: limit])
        #expect(kept.values[op] == Self.referenceCountValues(analysis.snapshot.spans, indexes: first[op]![...]))
        // Past the limit the counts differ: the test reaches the cut.
        let all = AttributeComparison.spansByOperation(analysis.snapshot)[op]!
        #expect(kept.values[op] != Self.referenceCountValues(analysis.snapshot.spans, indexes: all[...]))
        // A replaced snapshot drops them, as it drops the parents.
        var changed = analysis
        changed.snapshot = snapshot
        #expect(changed.operationValues == nil)
    }
}
