import Testing
import Vocabulary

@testable import TelemetryModel

/// A span of one trace found by its id, the last one when ids repeat (the waterfall's parent
/// rule), whichever way the trace is indexed: scanned, in the table, or in a dictionary when ids
/// collide.
@Suite struct TraceSpanLookupTests {
    /// The rule itself, by brute force: the last index of `range` holding `id`.
    static func reference(_ ids: [SpanID], _ range: Range<Int>, _ id: SpanID) -> Int? {
        range.reversed().first { ids[$0] == id }
    }

    @Test func smallTraceFindsTheLastSpanWithAnID() {
        let ids = [7, 1, 2, 1, 3, 9].map { SpanID(UInt64($0)) }
        var lookup = TraceSpanLookup()
        lookup.load(ids, range: 1..<5)
        #expect(!lookup.usesTable && !lookup.usesDictionary)
        #expect(lookup.lastIndex(of: SpanID(1), in: ids) == 3)
        #expect(lookup.lastIndex(of: SpanID(2), in: ids) == 2)
        // Outside the range: the spans of other traces are not found.
        #expect(lookup.lastIndex(of: SpanID(7), in: ids) == nil)
        #expect(lookup.lastIndex(of: SpanID(9), in: ids) == nil)
    }

    @Test func largeTraceInTheTableFindsTheLastSpanWithAnID() {
        // Two traces of 40 and 100 spans after 5 others; ids repeat every 37 spans.
        let ids = (0..<145).map { SpanID(UInt64(1000 + $0 % 37)) }
        var lookup = TraceSpanLookup()
        lookup.load(ids, range: 5..<45)
        #expect(lookup.usesTable)
        #expect(lookup.lastIndex(of: SpanID(1000 + 5), in: ids) == 42)  // 5 and 42 hold 1005
        #expect(lookup.lastIndex(of: SpanID(1000 + 7), in: ids) == 44)
        #expect(lookup.lastIndex(of: SpanID(1000 + 8), in: ids) == 8)
        #expect(lookup.lastIndex(of: SpanID(5), in: ids) == nil)
        // Reloaded for the next, larger trace: nothing of the first is left.
        lookup.load(ids, range: 45..<145)
        #expect(lookup.usesTable)
        #expect(lookup.lastIndex(of: SpanID(1000 + 8), in: ids) == 119)  // 45 + 74: 119 % 37 = 8
        for id in (990..<1040).map({ SpanID(UInt64($0)) }) {
            #expect(lookup.lastIndex(of: id, in: ids) == Self.reference(ids, 45..<145, id))
        }
    }

    @Test func randomTracesAgreeWithTheRule() {
        var generator = SplitMix64(seed: 42)
        var lookup = TraceSpanLookup()
        for size in [0, 1, 31, 32, 33, 64, 65, 500, 4097] {
            // Random ids with some repeated, and ids that are absent.
            var ids = (0..<size).map { _ in SpanID(generator.next()) }
            for k in stride(from: 3, to: size, by: 7) { ids[k] = ids[k / 2] }
            let padded = [SpanID(1)] + ids + [SpanID(2)]
            let range = 1..<(size + 1)
            lookup.load(padded, range: range)
            for id in padded + [SpanID(generator.next()), SpanID.none] {
                #expect(lookup.lastIndex(of: id, in: padded) == Self.reference(padded, range, id), "size \(size)")
            }
        }
    }

    /// Ids chosen so that every one lands in the table's first slot (each is a small number
    /// times the inverse of the hash's multiplier): the trace is indexed by a dictionary
    /// instead, with the same answers.
    @Test func collidingIDsGoToADictionaryWithTheSameAnswers() {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var inverse = multiplier
        for _ in 0..<6 { inverse = inverse &* (2 &- multiplier &* inverse) }
        #expect(multiplier &* inverse == 1)
        var ids = (1...300).map { SpanID(UInt64($0) &* inverse) }
        ids[299] = ids[10]
        var lookup = TraceSpanLookup()
        lookup.load(ids, range: 0..<300)
        #expect(lookup.usesDictionary)
        #expect(lookup.lastIndex(of: ids[10], in: ids) == 299)
        #expect(lookup.lastIndex(of: ids[150], in: ids) == 150)
        #expect(lookup.lastIndex(of: SpanID(12345), in: ids) == nil)
        // The next ordinary trace goes back to the table.
        let plain = (0..<100).map { SpanID(UInt64($0) &* 0x1234_5678_9ABC_DEF1 | 1) }
        lookup.load(plain, range: 0..<100)
        #expect(lookup.usesTable)
        #expect(lookup.lastIndex(of: plain[64], in: plain) == 64)
    }
}
