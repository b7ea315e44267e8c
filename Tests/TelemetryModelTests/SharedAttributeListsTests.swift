import Testing
import Vocabulary

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

    @Test func mostlyDistinctListsAreNotShared() {
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
        // Already in span order (one trace, spans in start order): written as they were.
        #expect(table.attributeArena.keys == arena && table.attributeRanges == ranges)
        // With a higher share allowed they are shared.
        let sharedAtHigherShare = table.shareRepeatedAttributeLists(maximumShare: 0.95)
        #expect(sharedAtHigherShare)
        #expect(table.attributeArena.count == 180)
        #expect(Array(table).map(\.attributes) == spans.map(\.attributes))
    }

    /// Sorting leaves the attribute arena in file order; when sharing then declines, it writes
    /// every list in span order instead, each span's (and event's and link's) values unchanged.
    @Test func declinedListsAreWrittenInSpanOrder() {
        var table = Self.randomTable(count: 3000, lists: 2000, seed: 9)
        let before = Array(table)
        table.sortByTrace()
        let sorted = Array(table)
        #expect(Set(sorted.map { "\($0.spanID)" }) == Set(before.map { "\($0.spanID)" }))
        // In file order after the sort: some span's list starts before the one before it.
        let starts = table.attributeRanges.filter { $0.count > 0 }.map(\.start)
        #expect(zip(starts, starts.dropFirst()).contains { $0 > $1 })
        let declined = !table.shareRepeatedAttributeLists(maximumShare: 0.02)
        #expect(declined)
        #expect(Array(table).map(\.attributes) == sorted.map(\.attributes))
        #expect(Array(table).map(\.events) == sorted.map(\.events))
        #expect(Array(table).map(\.links) == sorted.map(\.links))
        // Each span's list right after the last span's and its events' and links' lists.
        var next: UInt32 = 0, gaps = 0
        for (i, s) in sorted.enumerated() {
            let r = table.attributeRanges[i]
            if r.count > 0 && r.start != next { gaps += 1 }
            let events = s.events.reduce(0) { $0 + $1.attributes.count }, links = s.links.reduce(0) { $0 + $1.attributes.count }
            next += UInt32(s.attributes.count + events + links)
        }
        #expect(gaps == 0)
        #expect(table.attributeArena.count == Int(next))
    }

    @Test func aTableWithoutAttributesIsLeftAlone() {
        var table = SpanTable([SpanTableTests.span(1, 1, name: "a", start: 0, end: 1)])
        let noneShared = !table.shareRepeatedAttributeLists()
        #expect(noneShared)
        #expect(table[0].attributes.isEmpty)
    }

    /// A table of `count` spans drawing their lists from `lists` kinds (some empty, some
    /// repeated only late), events and links with lists of their own or a span's.
    /// 70,000 spans in traces of 5, each span's list `[request.id, n]` chosen by `list(i)`.
    static func sampledTable(_ list: (Int) -> Int) -> SpanTable {
        SpanTable(
            (0..<70_000).map { i in
                SpanTableTests.span(
                    UInt64(i / 5), UInt64(i + 1), name: "op", start: Int64(i), end: Int64(i + 5),
                    attributes: [
                        Attribute(key: "request.id", value: .string("r\(list(i))")), Attribute(key: "n", value: .int(Int64(list(i) % 3))),
                    ])
            })
    }

    /// A table whose lists are all distinct is settled by the sample (no list hashed beyond it)
    /// and comes out as the whole attempt leaves it: declined, every list in span order.
    @Test func aSampleOfDistinctListsDeclinesAsTheWholeAttemptWould() {
        var sampled = Self.sampledTable { $0 }
        sampled.sortByTrace()
        var whole = sampled
        let share = sampled.attributeArena.keys.withUnsafeBufferPointer { keys in
            sampled.attributeArena.values.kinds.withUnsafeBufferPointer { kinds in
                sampled.attributeArena.values.payloads.withUnsafeBufferPointer { payloads in
                    SpanTable.distinctShare(sampled.attributeRanges, of: (keys, kinds, payloads))
                }
            }
        }
        #expect(share == 1)
        let a = sampled.shareRepeatedAttributeLists(maximumShare: 0.5, halvesFrom: SpanTable.sharingHalvesFrom)
        let b = whole.shareRepeatedAttributeLists(maximumShare: 0.5, halvesFrom: SpanTable.sharingHalvesFrom, sampling: false)
        #expect(!a && !b)
        #expect(sampled.attributeRanges == whole.attributeRanges)
        #expect(sampled.attributeArena.keys == whole.attributeArena.keys)
        #expect(sampled.attributeArena.values.payloads == whole.attributeArena.values.payloads)
        // Allowed to keep the whole arena, sharing is tried (and keeps every list).
        var allowed = Self.sampledTable { $0 }
        let tried = allowed.shareRepeatedAttributeLists(maximumShare: 1)
        #expect(tried)
    }

    /// Lists repeated only within traces (one per trace), or only far apart (each met three
    /// times, 23,333 spans apart), are still shared.
    @Test func aSampleOfRepeatedListsLetsSharingGoOn() {
        for list in [{ (i: Int) in i / 5 }, { (i: Int) in i % 23_334 }] {
            var table = Self.sampledTable(list)
            let before = Array(table)
            let shared = table.shareRepeatedAttributeLists()
            #expect(shared)
            #expect(Array(table).map(\.attributes) == before.map(\.attributes))
            #expect(table.attributeArena.count == 2 * Set((0..<70_000).map(list)).count)
        }
    }

    /// The sample's share of distinct entries, worked out here from the lists' numbers: 256 runs
    /// of 64 spans, 273 spans apart (70,000 / 256), each list two entries.
    @Test func theSampleShareIsItsDistinctListsEntriesOverItsEntries() {
        for list in [{ (i: Int) in i / 5 }, { (i: Int) in i % 23_334 }, { (i: Int) in i % 3 }] {
            var table = Self.sampledTable(list)
            table.sortByTrace()
            let share = table.attributeArena.keys.withUnsafeBufferPointer { keys in
                table.attributeArena.values.kinds.withUnsafeBufferPointer { kinds in
                    table.attributeArena.values.payloads.withUnsafeBufferPointer { payloads in
                        SpanTable.distinctShare(table.attributeRanges, of: (keys, kinds, payloads))
                    }
                }
            }
            let sampled = (0..<256).flatMap { k in (k * 273)..<(k * 273 + 64) }
            let distinct = Set(sampled.map(list)).count
            #expect(share == Double(2 * distinct) / Double(2 * sampled.count))
        }
    }

    static func randomTable(count: Int, lists: Int, seed: UInt64) -> SpanTable {
        var random = SplitMix64(seed: seed)
        var spans: [Span] = []
        for i in 0..<count {
            // Lists 0..<lists/2 anywhere; the rest only in the second half (new to the first
            // half's table when the halves are merged); one in six spans has none.
            let pick = i < count / 2 ? random.int(in: 0...max(0, lists / 2 - 1)) : random.int(in: 0...lists - 1)
            let attributes: [Attribute] =
                random.int(in: 0...5) == 0
                ? [] : (0...(pick % 4)).map { Attribute(key: "k\($0)", value: $0 == 1 ? .int(Int64(pick)) : .string("v\(pick)")) }
            let event = SpanEvent(
                timeUnixNano: 1, name: "e", attributes: i % 7 == 0 ? attributes : [Attribute(key: "n", value: .int(Int64(i % 3)))])
            spans.append(
                SpanTableTests.span(
                    UInt64(i % 50), UInt64(i + 1), name: "op", start: Int64(i), end: Int64(i + 5), attributes: attributes,
                    events: i % 5 == 0 ? [event] : [],
                    links: i % 11 == 0 ? [SpanLink(traceID: TraceID(high: 1, low: 1), spanID: SpanID(1), attributes: attributes)] : []))
        }
        return SpanTable(spans)
    }

    /// Shared in two halves (on two cores) and in one pass, a table comes out the same: every
    /// range (the empty lists' starts too), every arena entry, the events' and links' ranges,
    /// and the answer; also when the halves together, or one alone, pass the limit.
    @Test func twoHalvesShareExactlyAsOnePass() {
        for (count, lists, seed) in [(2, 4, 1), (3, 2, 2), (101, 6, 3), (1000, 40, 4), (5000, 400, 5), (777, 1, 6)] as [(Int, Int, UInt64)]
        {
            for share in [0.5, 0.02, 0.95] {
                var halves = Self.randomTable(count: count, lists: lists, seed: seed)
                var onePass = halves
                let a = halves.shareRepeatedAttributeLists(maximumShare: share, halvesFrom: 2)
                let b = onePass.shareRepeatedAttributeLists(maximumShare: share, halvesFrom: Int.max)
                #expect(a == b, "count \(count) lists \(lists) share \(share)")
                #expect(halves.attributeRanges == onePass.attributeRanges)
                #expect(halves.attributeArena.keys == onePass.attributeArena.keys)
                #expect(halves.attributeArena.values.kinds == onePass.attributeArena.values.kinds)
                #expect(halves.attributeArena.values.payloads == onePass.attributeArena.values.payloads)
                #expect(halves.eventArena.map(\.attributes) == onePass.eventArena.map(\.attributes))
                #expect(halves.linkArena.map(\.attributes) == onePass.linkArena.map(\.attributes))
            }
        }
        // The cases above cover both answers and empty lists in the second half.
        var declined = Self.randomTable(count: 5000, lists: 400, seed: 5)
        let wasDeclined = !declined.shareRepeatedAttributeLists(maximumShare: 0.02, halvesFrom: 2)
        #expect(wasDeclined)
        var shared = Self.randomTable(count: 1000, lists: 40, seed: 4)
        let wasShared = shared.shareRepeatedAttributeLists(maximumShare: 0.5, halvesFrom: 2)
        #expect(wasShared)
        #expect(shared.attributeRanges[500...].contains { $0.count == 0 && $0.start > 0 })
    }
}
