import TelemetryAnalysis
import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// `ComparePage.spans(of:)` finds a span's service through a flag per resource and its value's
/// group once per distinct stored value (issue 7, render speed); the version it replaced — the
/// key looked up by name, the value made and grouped per span, the service compared by name —
/// is kept here, and both must give the same members for every comparison: categorical and
/// numeric keys, missing values, a key of numbers and one text, operations of one name in two
/// services and in a resource named `unknown_service`.
@Suite struct ComparePageSpansTests {
    /// The implementation before the speed-up, unchanged but for its name and parameters.
    static func referenceSpans(of c: AttributeComparison, in snap: Snapshot) -> [(group: Int, span: Int)] {
        let spans = snap.spans
        guard let nameID = spans.strings.id(of: c.operation) else { return [] }
        return spans.indices.compactMap { i in
            guard spans.nameIDs[i] == nameID, snap.serviceName(at: i) == c.service,
                let g = c.groupIndex(of: spans.attribute(c.attribute, at: i))
            else { return nil }
            return (g, i)
        }
    }

    static func snapshot(seed: UInt64, spanCount: Int) -> Snapshot {
        var g = SplitMix64(seed: seed)
        func next(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
        var b = SnapshotBuilder()
        for service in ["svc", "other", "svc", "unknown_service"] {  // "svc" twice: two resources
            _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(service))]))
        }
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        for k in 0..<spanCount {
            var attributes: [Attribute] = []
            if next(5) != 0 { attributes.append(Attribute(key: "tier", value: .string(["a", "b", "c"][next(3)]))) }
            if next(6) != 0 {
                let n = next(40)
                attributes.append(Attribute(key: "n", value: n == 0 ? .string("x") : next(2) == 0 ? .int(Int64(n)) : .double(Double(n))))
            }
            if next(3) == 0 { attributes.append(Attribute(key: "flag", value: .bool(next(2) == 0))) }
            if next(4) != 0 { attributes.append(Attribute(key: "m", value: .int(Int64(next(50))))) }
            let slow = attributes.contains { $0.key == "tier" && $0.value == .string("c") }
            let duration = Int64(1 + next(20) + (slow ? next(60) : 0)) * 1_000_000
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(k / 3 + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: ["op", "op2"][next(2)], kind: .server, startTimeUnixNano: t0 + Int64(k) * 1_000_000,
                    endTimeUnixNano: t0 + Int64(k) * 1_000_000 + duration, status: .unset, attributes: attributes,
                    resourceIndex: Int32(next(4))))
        }
        b.add(spans)
        return b.finish()
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func membersAreThoseOfTheReference(seed: UInt64) {
        let snap = Self.snapshot(seed: seed, spanCount: 3000)
        let analysis = SnapshotAnalysis(snapshot: snap)
        let context = RenderContext(
            analysis: analysis, options: ReportOptions(generatedAtNanos: Fixtures.generatedAt), diagnostics: [])
        let page = ComparePage(context: context)
        var comparisons = AttributeComparison.rank(snap, minimumSpans: 5)
        for key in ["tier", "n", "flag", "m"] { comparisons += AttributeComparison.forAttribute(key, in: snap) }
        #expect(Set(comparisons.map(\.kind)) == [.categorical, .numeric])
        #expect(Set(comparisons.map(\.service)).isSuperset(of: ["svc", "other", "unknown_service"]))
        for c in comparisons {
            let fast = page.spans(of: c), reference = Self.referenceSpans(of: c, in: snap)
            #expect(!reference.isEmpty)
            #expect(fast.map(\.group) == reference.map(\.group), "\(c.service) \(c.operation) \(c.attribute)")
            #expect(fast.map(\.span) == reference.map(\.span), "\(c.service) \(c.operation) \(c.attribute)")
        }
    }
}
