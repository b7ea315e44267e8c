import Testing
import Vocabulary

@testable import TelemetryModel

/// The radix-sorted span order of `SpanTable.sortByTrace()` (issue 7): exactly the order of a
/// stable sort by (trace id, start, span id), ties in index order, whatever the ids look like.
@Suite struct TraceOrderTests {
    /// Spans as (trace id, start, span id) triples; the permutation of their indexes.
    static func order(_ spans: [(TraceID, Int64, UInt64)]) -> [Int] {
        TraceOrder.permutation(
            traceIDs: spans.map(\.0), startTimes: spans.map(\.1), spanIDs: spans.map { SpanID($0.2) }
        ).map { Int($0) }
    }

    /// The order the comparison sort gave before (the standard library's stable sort).
    static func reference(_ spans: [(TraceID, Int64, UInt64)]) -> [Int] {
        spans.indices.sorted { a, b in
            if spans[a].0 != spans[b].0 { return spans[a].0 < spans[b].0 }
            if spans[a].1 != spans[b].1 { return spans[a].1 < spans[b].1 }
            return spans[a].2 < spans[b].2
        }
    }

    static func id(_ high: UInt64, _ low: UInt64) -> TraceID { TraceID(high: high, low: low) }

    @Test func noSpansAndOneSpan() {
        #expect(Self.order([]) == [])
        #expect(Self.order([(Self.id(5, 5), 1, 1)]) == [0])
    }

    @Test func equalKeysKeepTheirIndexOrder() {
        let t = Self.id(0x8000_0000_0000_0000, 1)
        let spans: [(TraceID, Int64, UInt64)] = [
            (t, 10, 3), (t, 10, 2), (t, 10, 3), (t, 9, 7), (t, 10, 3), (t, 10, 2),
        ]
        // start 9 first; then span id 2 (indexes 1, 5), then span id 3 (indexes 0, 2, 4).
        #expect(Self.order(spans) == [3, 1, 5, 0, 2, 4])
    }

    @Test func spansAlreadyInOrderStayWhereTheyAre() {
        let spans: [(TraceID, Int64, UInt64)] = [
            (Self.id(1, 0), 5, 1), (Self.id(1, 0), 6, 1), (Self.id(1, 1), 0, 9), (Self.id(1, 1), 0, 9),
            (Self.id(2, 0), -4, 0), (Self.id(0xFFFF_FFFF_0000_0000, 0), 0, 0),
        ]
        #expect(Self.order(spans) == [0, 1, 2, 3, 4, 5])
    }

    @Test func oneTraceIsOrderedByStartThenSpanIDThenIndex() {
        let t = Self.id(42, 42)
        let spans: [(TraceID, Int64, UInt64)] = [(t, 30, 1), (t, 10, 2), (t, 20, 1), (t, 10, 1), (t, 30, 1)]
        #expect(Self.order(spans) == [3, 1, 2, 0, 4])
    }

    /// 40 spans of one trace is longer than the insertion-sorted runs: span i starts at i mod 4
    /// with span id 100 − i, so each start's spans come in descending index order.
    @Test func aLongRunIsOrderedLikeAShortOne() {
        let t = Self.id(7, 7)
        let spans = (0..<40).map { i in (t, Int64(i % 4), UInt64(100 - i)) }
        let expected = (0..<4).flatMap { start in stride(from: 36 + start, through: start, by: -4).map { $0 } }
        #expect(expected.count == 40 && expected.prefix(3) == [36, 32, 28])
        #expect(Self.order(spans) == expected)
    }

    /// 64-bit ids (high half zero, as Jaeger and Zipkin give), ids that differ only in their last
    /// bits, and ids whose first 32 varying bits are equal: the key changes, the order does not.
    @Test func idsThatDifferOnlyLateAreStillOrderedByTheWholeID() {
        let sixtyFour: [(TraceID, Int64, UInt64)] = [
            (Self.id(0, 0xFFFF_0000_0000_0002), 1, 1), (Self.id(0, 3), 1, 1), (Self.id(0, 0xFFFF_0000_0000_0001), 1, 1),
            (Self.id(0, 3), 0, 1),
        ]
        #expect(Self.order(sixtyFour) == [3, 1, 2, 0])
        let lastBits: [(TraceID, Int64, UInt64)] = [
            (Self.id(9, 2), 0, 0), (Self.id(9, 1), 0, 0), (Self.id(9, 3), 0, 0), (Self.id(9, 1), 0, 0),
        ]
        #expect(Self.order(lastBits) == [1, 3, 0, 2])
        // Same first 32 bits of the high half: one run of keys, holding three traces.
        let sharedKey: [(TraceID, Int64, UInt64)] = [
            (Self.id(0xABCD_0000_0000_0002, 0), 0, 0), (Self.id(0x1000_0000_0000_0000, 0), 0, 0),
            (Self.id(0xABCD_0000_0000_0001, 5), 0, 0), (Self.id(0xABCD_0000_0000_0001, 4), 0, 0),
        ]
        #expect(Self.order(sharedKey) == [1, 3, 2, 0])
        // Every id equal but for one bit straddling the halves' boundary.
        let boundary: [(TraceID, Int64, UInt64)] = [
            (Self.id(1, 0), 0, 0), (Self.id(0, 1 << 63), 0, 0), (Self.id(1, 0), 0, 0), (Self.id(0, 1 << 63), 0, 0),
        ]
        #expect(Self.order(boundary) == [1, 3, 0, 2])
    }

    /// Random ids, some repeated (traces of several spans), some sharing their first bits, and
    /// starts and span ids from small ranges (ties): the same order as the comparison sort.
    @Test func randomSpansGetTheComparisonSortsOrder() {
        var random = SplitMix64(seed: 7)
        for (count, traces) in [(1000, 50), (5000, 5000), (3000, 3)] {
            let ids = (0..<traces).map { k -> TraceID in
                let r = random.next()
                switch k % 4 {
                case 0: return Self.id(r, random.next())
                case 1: return Self.id(0, r)  // 64-bit
                case 2: return Self.id(0x1234_5678_0000_0000 | r >> 40, r)  // shared first 32 bits
                default: return Self.id(r & 0xFFFF_0000_0000_0000, 0)  // few distinct keys
                }
            }
            let spans = (0..<count).map { _ in
                (ids[Int(random.next() % UInt64(traces))], Int64(random.next() % 8) - 4, random.next() % 4)
            }
            #expect(Self.order(spans) == Self.reference(spans))
        }
    }

    /// The runs are sorted in two halves at once; no run may straddle the cut.
    @Test func theHalvesAreCutBetweenRuns() {
        func halves(_ keys: [UInt64]) -> [Range<Int>] {
            var words = keys.enumerated().map { $0.element << 32 | UInt64($0.offset) }
            return words.withUnsafeMutableBufferPointer { TraceOrder.runAlignedHalves($0) }
        }
        // Runs of three: the middle (35000) is inside the run 34998...35000.
        #expect(halves((0..<70_000).map { UInt64($0 / 3) }) == [0..<35_001, 35_001..<70_000])
        #expect(halves((0..<70_000).map { UInt64($0 / 7) }) == [0..<35_000, 35_000..<70_000])
        #expect(halves([UInt64](repeating: 9, count: 70_000)) == [0..<70_000])
        #expect(halves((0..<100).map { UInt64($0) }) == [0..<100])
    }

    @Test func theKeyNeverInvertsTheOrderOfTwoIDs() {
        let ids = [Self.id(0, 5), Self.id(0, 6), Self.id(1, 0), Self.id(1, 1), Self.id(3, 0)]
        let shift = ids.withUnsafeBufferPointer { TraceOrder.keyShift($0) }
        // The ids differ from bit 1 of the high half down: 62 bits are shifted out.
        #expect(shift == 62)
        let keys = ids.map { TraceOrder.key($0, shift: shift) }
        #expect(keys == [0, 0, 0x4000_0000, 0x4000_0000, 0xC000_0000])
        #expect([Self.id(8, 8), Self.id(8, 8)].withUnsafeBufferPointer { TraceOrder.keyShift($0) } == 128)
        #expect(TraceOrder.key(Self.id(8, 8), shift: 128) == 0)
    }
}

/// The parallel passes of the trace sort (issue 7) on tables large enough to be cut into slices
/// (`ColumnScratch.slices`: 65,536 words or more), against their one-pass definitions.
@Suite struct TraceOrderSliceTests {
    /// With the index in the low half, a stable sort by the high half is the words' numeric
    /// order. Keys: any 32 bits; few distinct ones (long runs of equal digits across the slices);
    /// one constant digit (a pass skipped); all equal (every pass skipped).
    @Test func theRadixSortIsStableAcrossSlices() {
        var random = SplitMix64(seed: 11)
        let n = 200_003
        let keyMakers: [(inout SplitMix64) -> UInt64] = [
            { $0.next() & 0xFFFF_FFFF }, { $0.next() % 5 }, { ($0.next() & 0x3FF) << 11 | 0x7 }, { _ in 42 },
        ]
        for makeKey in keyMakers {
            var words = (0..<n).map { i in makeKey(&random) << 32 | UInt64(i) }
            let expected = words.sorted()
            words.withUnsafeMutableBufferPointer { TraceOrder.radixSortByHighHalf($0) }
            // Not `==`: a failure would print the difference of two 200,000-word arrays.
            #expect(words.elementsEqual(expected))
        }
    }

    /// The column's ids after a permutation are the permuted ids, stored once per run of equal
    /// neighbours, with run boundaries wherever a slice begins inside or between traces.
    @Test func permutedRunsMatchThePermutedIDs() {
        var random = SplitMix64(seed: 12)
        let n = 150_001
        let traces = (0..<9_000).map { _ in TraceID(high: random.next(), low: random.next()) }
        let ids = (0..<n).map { _ in traces[Int(random.next() % UInt64(traces.count))] }
        for order in [
            (0..<n).map { UInt32($0) }, Array((0..<n).map { UInt32($0) }.reversed()),
            TraceOrder.permutation(traceIDs: ids, startTimes: [Int64](repeating: 0, count: n), spanIDs: (0..<n).map { SpanID(UInt64($0)) }),
        ] {
            var column = TraceIDColumn(ids)
            column.permute(by: order, through: ColumnScratch(byteCount: n * 8))
            let expected = order.map { ids[Int($0)] }
            #expect(column.elementsEqual(expected))
            var runs: [TraceID] = []
            for id in expected where runs.last != id { runs.append(id) }
            #expect(column.runIDs.count == runs.count)
            #expect(column.runIDs.elementsEqual(runs))
        }
    }
}
