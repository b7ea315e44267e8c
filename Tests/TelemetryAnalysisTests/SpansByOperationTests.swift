import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// `AttributeComparison.spansByOperation` finds each span's list through a small cache before a
/// dictionary (issue 7); it must group exactly as grouping by (service name, span name) does:
/// with more operations than the cache has slots (keys that collide), services that share a name
/// across resources, and a service filter.
@Suite struct SpansByOperationTests {
    static func snapshot(seed: UInt64, spanCount: Int) -> Snapshot {
        var g = SplitMix64(seed: seed)
        func next(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
        var b = SnapshotBuilder()
        for service in ["a", "b", "a", "c"] {  // "a" twice: two resources, one service
            _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(service))]))
        }
        _ = b.intern(Resource(attributes: []))  // no service name: unknown_service
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<spanCount {
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k / 5 + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op-\(next(k % 3 == 0 ? 150 : 4))", kind: .server, startTimeUnixNano: t0 + Int64(k),
                    endTimeUnixNano: t0 + Int64(k) + 10, status: .unset, attributes: [], resourceIndex: Int32(next(5))))
        }
        b.add(spans)
        return b.finish()
    }

    static func reference(_ snapshot: Snapshot, services: Set<String>?) -> [AttributeComparison.OperationKey: [Int]] {
        let spans = snapshot.spans
        var expected: [AttributeComparison.OperationKey: [Int]] = [:]
        for i in spans.indices {
            let r = Int(spans.resourceIndexes[i])
            let service = snapshot.resources.indices.contains(r) ? snapshot.resources[r].serviceName : "unknown_service"
            if let services, !services.contains(service) { continue }
            expected[AttributeComparison.OperationKey(service: service, name: spans.name(at: i)), default: []].append(i)
        }
        return expected
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func groupsAsByNames(seed: UInt64) {
        let snapshot = Self.snapshot(seed: seed, spanCount: 4000)
        for services in [nil, Set(["a", "unknown_service"])] as [Set<String>?] {
            let grouped = AttributeComparison.spansByOperation(snapshot, services: services)
            let expected = Self.reference(snapshot, services: services)
            #expect(grouped.count == expected.count)
            // Lists of one service name from two resources are one list, in table order.
            for (op, indexes) in expected { #expect(grouped[op] == indexes, "\(op)") }
        }
        // More operations than the cache's 64 slots.
        #expect(AttributeComparison.spansByOperation(snapshot).count > 64)
    }

    /// `only` and `limit` (the findings' few operations, the usual values' first spans) give the
    /// full grouping's lists for the wanted operations, cut to their first `limit` spans.
    @Test(arguments: [UInt64(4), 5])
    func wantedOperationsAndTheirFirstSpans(seed: UInt64) {
        let snapshot = Self.snapshot(seed: seed, spanCount: 4000)
        let all = Self.reference(snapshot, services: nil)
        let wanted: Set<AttributeComparison.OperationKey> = [
            .init(service: "a", name: "op-1"), .init(service: "unknown_service", name: "op-2"),
            .init(service: "c", name: "op-149"), .init(service: "absent", name: "op-1"),
        ]
        let present = wanted.filter { all[$0] != nil }
        #expect(present.count >= 3)
        let only = AttributeComparison.spansByOperation(snapshot, only: wanted)
        #expect(Set(only.keys) == present)
        for op in present { #expect(only[op] == all[op], "\(op)") }
        for limit in [1, 7, 100_000] {
            let first = AttributeComparison.spansByOperation(snapshot, limit: limit)
            #expect(first.count == all.count)
            for (op, indexes) in all { #expect(first[op] == Array(indexes.prefix(limit)), "\(op), \(limit)") }
            let both = AttributeComparison.spansByOperation(snapshot, only: wanted, limit: limit)
            #expect(Set(both.keys) == present)
            for op in present { #expect(both[op] == Array(all[op]!.prefix(limit)), "\(op), \(limit)") }
        }
    }
}
