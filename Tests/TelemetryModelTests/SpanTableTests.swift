import Testing

@testable import TelemetryModel

/// The columnar span table (issue 7): values in equal values out, strings stored once, ranges
/// that survive merging and reordering.
@Suite struct SpanTableTests {
    static func span(
        _ trace: UInt64, _ id: UInt64, parent: UInt64 = 0, name: String, start: Int64, end: Int64,
        attributes: [Attribute] = [], events: [SpanEvent] = [], links: [SpanLink] = [],
        resource: Int32 = 0
    ) -> Span {
        Span(
            traceID: TraceID(high: 0, low: trace), spanID: SpanID(id), parentSpanID: SpanID(parent), name: name,
            kind: .server, startTimeUnixNano: start, endTimeUnixNano: end, status: .error, statusMessage: "boom",
            attributes: attributes, events: events, links: links, resourceIndex: resource, scopeIndex: 0)
    }

    static let nested = AttributeValue.kvlist([Attribute(key: "a", value: .array([.int(1), .string("x")]))])

    @Test func aSpanReadBackHasEveryFieldItWasStoredWith() {
        let original = Self.span(
            1, 2, parent: 3, name: "GET /", start: 10, end: 25,
            attributes: [
                Attribute(key: "k", value: .string("v")), Attribute(key: "n", value: .int(-4)),
                Attribute(key: "d", value: .double(0.5)), Attribute(key: "b", value: .bool(true)),
                Attribute(key: "x", value: Self.nested), Attribute(key: "e", value: .empty),
            ],
            events: [SpanEvent(timeUnixNano: 12, name: "exception", attributes: [Attribute(key: "exception.type", value: .string("E"))])],
            links: [SpanLink(traceID: TraceID(high: 9, low: 9), spanID: SpanID(7), attributes: [Attribute(key: "l", value: .int(1))])],
            resource: 4)
        let table = SpanTable([original])
        let back = table[0]
        #expect(back.traceID == original.traceID && back.spanID == original.spanID && back.parentSpanID == original.parentSpanID)
        #expect(back.name == "GET /" && back.kind == .server && back.status == .error && back.statusMessage == "boom")
        #expect(back.startTimeUnixNano == 10 && back.endTimeUnixNano == 25 && back.resourceIndex == 4)
        #expect(back.attributes == original.attributes)
        #expect(back.events == original.events)
        #expect(back.links == original.links)
        #expect(table.durationNanos(at: 0) == 15)
        #expect(table.attribute("n", at: 0) == .int(-4))
        #expect(table.attribute("missing", at: 0) == nil)
        #expect(table.attributeList(at: 0)[key: "x"] == Self.nested)
    }

    @Test func repeatedStringsAreStoredOnce() {
        let spans = (0..<100).map { i in
            Self.span(UInt64(i), UInt64(i + 1), name: "op", start: 0, end: 1, attributes: [Attribute(key: "svc", value: .string("cart"))])
        }
        let table = SpanTable(spans)
        // "", "op", "boom" (status message), "svc", "cart"
        #expect(table.strings.count == 5)
        #expect(Set(table.nameIDs).count == 1)
    }

    @Test func sortingByTraceKeepsTiesInArrivalOrderAndMovesEveryColumn() {
        let spans = [
            Self.span(2, 5, name: "b", start: 20, end: 30, attributes: [Attribute(key: "i", value: .int(0))]),
            Self.span(1, 9, name: "a", start: 10, end: 11, attributes: [Attribute(key: "i", value: .int(1))]),
            Self.span(1, 3, name: "c", start: 10, end: 12, attributes: [Attribute(key: "i", value: .int(2))]),
            Self.span(1, 3, name: "dup", start: 10, end: 13, attributes: [Attribute(key: "i", value: .int(3))]),
        ]
        var table = SpanTable(spans)
        table.sortByTrace()
        // (trace, start, span id), the two equal keys (trace 1, start 10, id 3) as they came.
        #expect(table.map(\.name) == ["c", "dup", "a", "b"])
        #expect(table.indices.map { table.attribute("i", at: $0) } == [.int(2), .int(3), .int(1), .int(0)])
        #expect(table.indices.map { table.endTime(at: $0) } == [12, 13, 11, 30])
    }

    /// A table gathered with a span twice (both share its events' run) is sorted with each copy
    /// holding its own run of the rewritten arena, as many entries as the runs together.
    @Test func sortingAGatheredTableWithASpanTwiceCopiesItsEventsTwice() {
        let events = [SpanEvent(timeUnixNano: 1, name: "a", attributes: []), SpanEvent(timeUnixNano: 2, name: "b", attributes: [])]
        let spans = [
            Self.span(2, 1, name: "two events", start: 5, end: 6, events: events),
            Self.span(1, 2, name: "none", start: 7, end: 8),
            Self.span(1, 3, name: "one event", start: 9, end: 10, events: [events[1]]),
        ]
        var table = SpanTable(spans).gathering([0, 2, 0, 1])
        table.sortByTrace()
        #expect(table.map(\.name) == ["none", "one event", "two events", "two events"])
        #expect(table.map(\.events) == [[], [events[1]], events, events])
        #expect(table.eventArena.count == 5)
        #expect(table.eventRanges.map(\.start) == [0, 0, 1, 3] && table.eventRanges.map(\.count) == [0, 1, 2, 2])
    }

    @Test func sortingByTraceStoresEventsAndLinksThenAttributesInSpanOrder() {
        func event(_ t: Int64) -> SpanEvent {
            SpanEvent(timeUnixNano: t, name: "e\(t)", attributes: [Attribute(key: "ev", value: .int(t))])
        }
        let link = SpanLink(traceID: TraceID(high: 9, low: 9), spanID: SpanID(7), attributes: [Attribute(key: "l", value: Self.nested)])
        let spans = [
            Self.span(
                3, 1, name: "z", start: 5, end: 6, attributes: [Attribute(key: "k", value: .string("z"))], events: [event(1), event(2)]),
            Self.span(1, 2, name: "y", start: 7, end: 8, attributes: [], links: [link]),
            Self.span(
                2, 3, name: "x", start: 1, end: 2,
                attributes: [Attribute(key: "k", value: .string("x")), Attribute(key: "n", value: .double(1.5))], events: [event(3)]),
            Self.span(1, 4, name: "w", start: 3, end: 4, attributes: [Attribute(key: "k", value: .bool(false))], links: [link, link]),
        ]
        var table = SpanTable(spans)
        table.sortByTrace()
        #expect(table.map(\.name) == ["w", "y", "x", "z"])
        // Every span reads back exactly as it was stored...
        let byName = Dictionary(uniqueKeysWithValues: spans.map { ($0.name, $0) })
        for s in table {
            #expect(s.attributes == byName[s.name]?.attributes)
            #expect(s.events == byName[s.name]?.events)
            #expect(s.links == byName[s.name]?.links)
        }
        // ...the events and links now run in span order, the attributes still in file order
        // (z's first, then x's, then w's)...
        #expect(table.eventRanges.map(\.count) == [0, 0, 1, 2] && table.eventRanges[2].start == 0 && table.eventRanges[3].start == 1)
        #expect(table.linkRanges.map(\.count) == [2, 1, 0, 0] && table.linkRanges[1].start == 2)
        #expect(table.attributeRanges.filter { $0.count > 0 }.map(\.start) == [7, 4, 0])
        // ...and once the attributes are put in span order, each span's attributes come right
        // after the last span's (and its events' and links' attributes).
        table.putAttributesInSpanOrder()
        #expect(table.attributeRanges.filter { $0.count > 0 }.map(\.start) == [0, 4, 7])
        #expect(table.eventRanges[2].start == 0 && table.eventRanges[3].start == 1 && table.linkRanges[1].start == 2)
        #expect(table.attributeArena.count == 10)
        for s in table {
            #expect(s.attributes == byName[s.name]?.attributes)
            #expect(s.events == byName[s.name]?.events)
            #expect(s.links == byName[s.name]?.links)
        }
    }

    /// A gathered table shares its arenas: one span's attributes are referred to by no span and
    /// another's by two. Putting them in span order stores the referred ones once per reference,
    /// the rest not at all.
    @Test func spanOrderDropsUnreferencedArenaEntriesAndCopiesSharedOnes() {
        let spans = [
            Self.span(2, 1, name: "a", start: 0, end: 1, attributes: [Attribute(key: "k", value: .int(1))]),
            Self.span(
                1, 2, name: "b", start: 0, end: 1,
                attributes: [Attribute(key: "k", value: .int(2)), Attribute(key: "j", value: .int(3)), Attribute(key: "i", value: .int(6))]),
            Self.span(
                3, 3, name: "c", start: 0, end: 1, attributes: [Attribute(key: "k", value: .int(4))],
                events: [SpanEvent(timeUnixNano: 1, name: "e", attributes: [Attribute(key: "k", value: .int(5))])]),
        ]
        var table = SpanTable(spans).gathering([2, 0, 2])
        #expect(table.attributeArena.count == 6)
        table.sortByTrace()
        #expect(table.map(\.name) == ["a", "c", "c"])
        #expect(table.attributeArena.count == 6)
        table.putAttributesInSpanOrder()
        #expect(table.attributeArena.keys.count == 5 && table.attributeArena.values.count == 5)
        #expect(Array(table.attributeArena.values) == [.int(1), .int(4), .int(5), .int(4), .int(5)])
        #expect(table.attributeRanges.map(\.start) == [0, 1, 3])
        #expect(table.eventArena.map(\.attributes.start) == [2, 4])
        #expect(table[1].events == spans[2].events && table[2].events == spans[2].events)
    }

    /// Span `i` of `sortingManySpansGathersEveryColumnAndArenaInTraceOrder`: 9001 traces, ties
    /// in (trace, start, span id), 0–6 attributes, an event every 1000 spans, a link every 1500.
    static func manySpansSpan(_ i: Int) -> Span {
        let attributes: [Attribute] = (0..<(i % 7)).map { Attribute(key: "k\($0)", value: .int(Int64(i))) }
        var events: [SpanEvent] = []
        if i % 1000 == 0 { events = [SpanEvent(timeUnixNano: Int64(i), name: "e", attributes: [Attribute(key: "x", value: .int(1))])] }
        var links: [SpanLink] = []
        if i % 1500 == 0 { links = [SpanLink(traceID: .zero, spanID: SpanID(1), attributes: [Attribute(key: "y", value: .bool(true))])] }
        let trace = UInt64((i * 7919) % 9_001), start = Int64((i * 31) % 17)
        return span(
            trace, UInt64(i % 3), name: "op\(i % 5)", start: start, end: Int64(i), attributes: attributes, events: events,
            links: links, resource: Int32(i % 4))
    }

    static func sameSpan(_ s: Span, _ o: Span) -> Bool {
        guard s.traceID == o.traceID, s.spanID == o.spanID, s.name == o.name else { return false }
        guard s.startTimeUnixNano == o.startTimeUnixNano, s.endTimeUnixNano == o.endTimeUnixNano else { return false }
        guard s.resourceIndex == o.resourceIndex, s.attributes == o.attributes else { return false }
        return s.events == o.events && s.links == o.links
    }

    /// Enough spans that the columns and arenas are gathered in several slices at once: every
    /// span reads back as the one the comparison sort puts there, and once the attributes are put
    /// in span order too, the arenas are contiguous.
    @Test func sortingManySpansGathersEveryColumnAndArenaInTraceOrder() throws {
        let count = 70_000
        let spans = (0..<count).map(Self.manySpansSpan)
        let expected = spans.indices.sorted { a, b in
            if spans[a].traceID != spans[b].traceID { return spans[a].traceID < spans[b].traceID }
            let startA = spans[a].startTimeUnixNano, startB = spans[b].startTimeUnixNano
            if startA != startB { return startA < startB }
            return spans[a].spanID < spans[b].spanID
        }
        var table = SpanTable(spans)
        table.sortByTrace()
        try #require(table.count == count)
        var mismatches = 0
        for (j, i) in expected.enumerated() where !Self.sameSpan(table[j], spans[i]) { mismatches += 1 }
        #expect(mismatches == 0)
        table.putAttributesInSpanOrder()
        mismatches = 0
        for (j, i) in expected.enumerated() where !Self.sameSpan(table[j], spans[i]) { mismatches += 1 }
        #expect(mismatches == 0)
        // Each span's attributes start right after the previous span's, its events' and links'.
        var next = 0, gaps = 0
        for (j, i) in expected.enumerated() {
            let r = table.attributeRanges[j]
            if r.count > 0 && Int(r.start) != next { gaps += 1 }
            next += spans[i].attributes.count + spans[i].events.count + spans[i].links.count
        }
        #expect(gaps == 0)
        let entries = spans.reduce(0) { $0 + $1.attributes.count + $1.events.count + $1.links.count }
        #expect(table.attributeArena.count == entries)
        #expect(table.eventArena.count == 70 && table.linkArena.count == 47)
    }

    @Test func appendingAnotherTableMapsItsStringsArenasAndIndexes() {
        var a = SpanTable([Self.span(1, 1, name: "x", start: 0, end: 1, attributes: [Attribute(key: "k", value: .string("one"))])])
        let b = SpanTable([
            Self.span(
                2, 2, name: "y", start: 0, end: 1,
                attributes: [Attribute(key: "k", value: .string("two")), Attribute(key: "n", value: Self.nested)],
                events: [SpanEvent(timeUnixNano: 1, name: "ev", attributes: [Attribute(key: "k", value: .string("one"))])],
                resource: 1)
        ])
        a.append(contentsOf: b, resourceMap: [5, 7], scopeMap: [3])
        #expect(a.count == 2)
        #expect(a[1].name == "y" && a[1].resourceIndex == 7 && a[1].scopeIndex == 3)
        #expect(a[1].attributes == [Attribute(key: "k", value: .string("two")), Attribute(key: "n", value: Self.nested)])
        #expect(a[1].events == [SpanEvent(timeUnixNano: 1, name: "ev", attributes: [Attribute(key: "k", value: .string("one"))])])
        #expect(a[0].attributes == [Attribute(key: "k", value: .string("one"))])
        // "one" and "k" are shared, not added again.
        #expect(a.strings.strings.filter { $0 == "one" }.count == 1)
    }

    @Test func gatheringSelectsSpansAndSharesTheArenas() {
        let table = SpanTable(
            (0..<5).map {
                Self.span(
                    UInt64($0), 1, name: "s\($0)", start: Int64($0), end: 9,
                    attributes: [Attribute(key: "i", value: .int(Int64($0)))])
            })
        let picked = table.gathering([4, 1])
        #expect(picked.map(\.name) == ["s4", "s1"])
        #expect(picked.attribute("i", at: 0) == .int(4))
        #expect(picked.attributeArena.count == table.attributeArena.count)
    }
}
