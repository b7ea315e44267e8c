import Testing

@testable import TelemetryModel

/// Repeated attribute lists stored once (issue 7, peak memory): every span, event and link reads
/// back exactly what it was stored with, the arena holds each distinct list once in the order
/// they were first met, and a table whose lists are mostly distinct is left alone.
@Suite struct SharedAttributeListsTests {
    static func route(_ r: String, status: Int64? = 200) -> [Attribute] {
        [Attribute(key: "http.method", value: .string("GET")), Attribute(key: "http.route", value: .string(r))]
            + (status.map { [Attribute(key: "http.status_code", value: .int($0))] } ?? [])
    }

    @Test func repeatedListsAreStoredOnceAndEverySpanReadsBackTheSame() {
        let event = SpanEvent(timeUnixNano: 5, name: "retry", attributes: [Attribute(key: "attempt", value: .int(2))])
        let link = SpanLink(traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), attributes: Self.route("/a"))
        var spans: [Span] = []
        for i in 0..<40 {
            // Four lists over forty spans, one of them also a link's; lists that differ only in a
            // value's kind (int 200 against double 200) or in order are different lists.
            let attributes: [Attribute]
            switch i % 5 {
            case 0: attributes = Self.route("/a")
            case 1: attributes = Self.route("/b")
            case 2: attributes = Self.route("/a", status: nil)
            case 3: attributes = Self.route("/a", status: nil).reversed()
            default: attributes = i == 9 ? [Attribute(key: "http.status_code", value: .double(200))] : Self.route("/b")
            }
            spans.append(
                SpanTableTests.span(
                    UInt64(i % 7), UInt64(i + 1), name: "op\(i % 3)", start: Int64(i), end: Int64(i + 10), attributes: attributes,
                    events: i % 10 == 0 ? [event, event] : [], links: i == 3 ? [link] : []))
        }
        var table = SpanTable(spans)
        table.sortByTrace()
        let before = Array(table)
        // 102 entries of the spans, 8 of the events, 3 of the link.
        #expect(table.attributeArena.count == 113)
        let rewritten = table.shareRepeatedAttributeLists()
        #expect(rewritten)
        let after = Array(table)
        #expect(after.map(\.attributes) == before.map(\.attributes))
        #expect(after.map(\.events) == before.map(\.events) && after.map(\.links) == before.map(\.links))
        #expect(after[0].attributes == Self.route("/a"))
        // Distinct lists: /a with status (3), /b with status (3), /a without (2), reversed (2),
        // the double status (1), the event's (1): 12 entries.
        #expect(table.attributeArena.count == 12)
        let shared = Set(table.attributeRanges)
        #expect(shared.count == 5)
        // The link's list is a span's list: the same range.
        let linkRange = table.linkArena[0].attributes
        #expect(shared.contains(linkRange))
        // In the order first met: the first span's list starts the arena.
        #expect(table.attributeRanges[0].start == 0)
    }

    @Test func mostlyDistinctListsAreLeftAsTheyWere() {
        var spans: [Span] = []
        for i in 0..<100 {
            // Every list distinct but every tenth, which repeats the one before it.
            let id = i % 10 == 9 ? i - 1 : i
            spans.append(
                SpanTableTests.span(
                    1, UInt64(i + 1), name: "op", start: Int64(i), end: Int64(i + 1),
                    attributes: [Attribute(key: "user.id", value: .string("u\(id)")), Attribute(key: "n", value: .int(Int64(id)))]))
        }
        var table = SpanTable(spans)
        let arena = table.attributeArena.keys, ranges = table.attributeRanges
        // 90 distinct lists of 200 entries: more than half.
        let declined = !table.shareRepeatedAttributeLists()
        #expect(declined)
        #expect(table.attributeArena.keys == arena && table.attributeRanges == ranges)
        // With a higher share allowed they are shared.
        let sharedAtHigherShare = table.shareRepeatedAttributeLists(maximumShare: 0.95)
        #expect(sharedAtHigherShare)
        #expect(table.attributeArena.count == 180)
        #expect(Array(table).map(\.attributes) == spans.map(\.attributes))
    }

    @Test func aTableWithoutAttributesIsLeftAlone() {
        var table = SpanTable([SpanTableTests.span(1, 1, name: "a", start: 0, end: 1)])
        let noneShared = !table.shareRepeatedAttributeLists()
        #expect(noneShared)
        #expect(table[0].attributes.isEmpty)
    }
}
