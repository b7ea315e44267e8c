import TelemetryModel
import Testing

@testable import TelemetryAnalysis

@Suite struct AttributeComparisonTests {
    @Test func probabilityOfSuperiorityCountsWinsAndHalfTies() {
        // 1 beats 0, 0; loses to 5. 2 and 3 each beat 0, 0: 6 wins of 9 pairs.
        #expect(AttributeComparison.probabilityOfSuperiority([1, 2, 3], [0, 0, 5]) == 6.0 / 9.0)
        #expect(AttributeComparison.probabilityOfSuperiority([1], [1]) == 0.5)
        #expect(AttributeComparison.probabilityOfSuperiority([4, 4], [4, 9]) == 0.25)  // (½ + 0 + ½ + 0) / 4
    }

    @Test func aFlagThatSlowsSpansIsRankedAndSeparated() throws {
        // 40 spans of one operation: flag=slow takes 100–119 ms, flag=fast 1–20 ms; an id-like
        // attribute with a distinct value per span is left out as free text.
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        var spans: [Span] = []
        for i in 0..<40 {
            let slow = i % 2 == 0
            let ms = Int64(slow ? 100 + i / 2 : 1 + i / 2)
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(i + 1)), spanID: SpanID(UInt64(i + 1)), name: "op",
                    startTimeUnixNano: Int64(i) * 1_000_000_000, endTimeUnixNano: Int64(i) * 1_000_000_000 + ms * 1_000_000,
                    attributes: [
                        Attribute(key: "flag", value: .string(slow ? "slow" : "fast")),
                        Attribute(key: "request.id", value: .string("r\(i)")),
                    ]))
        }
        b.add(spans)
        let ranked = AttributeComparison.rank(b.finish())
        #expect(ranked.map(\.attribute) == ["flag"])
        let c = try #require(ranked.first)
        // nearest-rank p95 of 40 is rank ⌈38⌉: after the 20 fast spans, the 18th slow one (117 ms),
        // so 117, 118 and 119 ms are slow.
        #expect(c.slowCount == 3)
        #expect(c.groups.map(\.value) == ["fast", "slow"])
        #expect(c.groups.map(\.slowShare) == [0, 1])
        #expect(c.groups.map(\.restShare) == [20.0 / 37.0, 17.0 / 37.0])
        let s = try #require(c.separation)
        #expect(s.slower == "slow" && s.faster == "fast" && s.probability == 1)
    }

    /// Thousands of distinct keys (one per span, as a key per user id makes): only the
    /// `maximumKeys` keys present on the most spans are compared, so the cost stays linear,
    /// and a key on every span that marks the slow ones is still found, with the same numbers.
    @Test func withMoreKeysThanTheLimitTheMostCommonAreCompared() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        var spans: [Span] = []
        for i in 0..<400 {
            let slow = i % 2 == 0
            let ms = Int64(slow ? 100 + i / 2 : 1 + i / 2)
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(i + 1)), spanID: SpanID(UInt64(i + 1)), name: "op",
                    startTimeUnixNano: Int64(i) * 1_000_000_000, endTimeUnixNano: Int64(i) * 1_000_000_000 + ms * 1_000_000,
                    attributes: [
                        Attribute(key: "only.\(i)", value: .string("x")),
                        Attribute(key: "flag", value: .string(slow ? "slow" : "fast")),
                    ]))
        }
        b.add(spans)
        let all = AttributeComparison.compare(b.finish(), operation: .init(service: "svc", name: "op"), indexes: Array(0..<400))
        #expect(all.count <= AttributeComparison.maximumKeys)
        let flag = try #require(all.first { $0.attribute == "flag" })
        #expect(flag.groups.map(\.value) == ["fast", "slow"])
        #expect(flag.groups.map(\.count) == [200, 200])
        // Durations: fast 1…200 ms, slow 100…299 ms; the nearest-rank p95 (rank 380 of 400) is
        // the 21st from the top, 279 ms, so 279…299 ms are slow: 21 spans.
        #expect(flag.slowCount == 21)
        // The other compared keys are the first ones by name among the equally rare (ties by name).
        let others = all.map(\.attribute).filter { $0 != "flag" }
        #expect(others == Array((0..<400).map { "only.\($0)" }.sorted().prefix(AttributeComparison.maximumKeys - 1)))
    }

    /// Values are grouped by their text, as the page shows them: an int 1 and a string "1" are
    /// one group, a span without the key is "(missing)" (one group with a literal "(missing)"),
    /// and each group lists its positions in ascending order.
    @Test func membersAreGroupedByDisplayText() {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        let values: [AttributeValue?] = [.int(1), .string("1"), nil, .string("(missing)"), .bool(true), .int(1), .string("a")]
        var spans: [Span] = []
        for (i, v) in values.enumerated() {
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(i + 1)), spanID: SpanID(UInt64(i + 1)), name: "op",
                    startTimeUnixNano: Int64(i), endTimeUnixNano: Int64(i) + 10,
                    attributes: v.map { [Attribute(key: "k", value: $0)] } ?? []))
        }
        b.add(spans)
        let snapshot = b.finish()
        let table = snapshot.spans
        var present: [(position: Int, value: StoredValue)] = []
        for i in 0..<values.count {
            let range = table.attributeRanges[i].range
            if let j = range.first { present.append((i, table.attributeArena.values[j])) }
        }
        let members = AttributeComparison.membersByText(present, count: values.count, spans: table)
        #expect(members == ["1": [0, 1, 5], "(missing)": [2, 3], "true": [4], "a": [6]])
    }
}
