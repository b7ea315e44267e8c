import Testing
import Vocabulary

@testable import TelemetryModel

/// The span table's end times (issue 7, memory): kept as four-byte offsets from each span's
/// start, exactly where they do not fit, and whole once those are many; every end reads back as
/// decoded, and durations are what they were.
@Suite struct EndTimeColumnTests {
    /// Ends an offset cannot hold: before the start, 4.29 s or more after it, a zero end after a
    /// positive start, and the extremes whose difference overflows.
    static let awkward: [(start: Int64, end: Int64)] = [
        (1_000, 999), (0, Int64(UInt32.max)), (5, 5 + Int64(UInt32.max) + 7), (10, 0),
        (Int64.min, Int64.max), (Int64.max, Int64.min), (-3, -9),
    ]

    static func column(_ pairs: [(start: Int64, end: Int64)]) -> EndTimeColumn {
        var column = EndTimeColumn()
        for p in pairs where !column.append(start: p.start, end: p.end) { column.widen(starts: pairs.map(\.start)) }
        return column
    }

    static func ends(_ column: EndTimeColumn, _ pairs: [(start: Int64, end: Int64)]) -> [Int64] {
        pairs.indices.map { column.end(at: $0, start: pairs[$0].start) }
    }

    @Test func offsetsAndAwkwardEndsReadBack() {
        let pairs: [(start: Int64, end: Int64)] = [(100, 100), (100, 250), (7, 7 + Int64(UInt32.max) - 1)] + Self.awkward
        let column = Self.column(pairs)
        #expect(column.storesOffsets)
        #expect(Self.ends(column, pairs) == pairs.map(\.end))
        #expect(column.exceptions.values.count == Self.awkward.count - 1, "an end of 0 is the exceptions' default")
    }

    /// Once ends kept whole are over a quarter of 4,096 spans or more, every end is kept whole;
    /// appending goes on either way.
    @Test func manyLongSpansWidenTheColumn() {
        var random = SplitMix64(seed: 5)
        let pairs: [(start: Int64, end: Int64)] = (0..<6_000).map { k in
            let start = Int64(random.next() % 1_000_000_000_000)
            return (start, start + (k % 3 == 0 ? Int64(random.next() % 1_000) : 5_000_000_000 + Int64(random.next() % 1_000)))
        }
        let column = Self.column(pairs)
        #expect(!column.storesOffsets)
        #expect(Self.ends(column, pairs) == pairs.map(\.end))
        let few = Self.column(Array(pairs.prefix(3_000)))
        #expect(few.storesOffsets, "below 4,096 spans offsets stay")
    }

    @Test func appendingAnotherColumnKeepsEveryEnd() {
        let a: [(start: Int64, end: Int64)] = [(1, 2), (3, 1)]
        let b: [(start: Int64, end: Int64)] = [(10, 0), (20, 25)] + Self.awkward
        var column = Self.column(a)
        let stays = column.append(contentsOf: Self.column(b), otherStarts: b.map(\.start))
        #expect(stays)
        #expect(Self.ends(column, a + b) == (a + b).map(\.end))
        var wide = Self.column(a)
        wide.widen(starts: a.map(\.start))
        let wideStays = wide.append(contentsOf: Self.column(b), otherStarts: b.map(\.start))
        #expect(wideStays)
        #expect(!wide.storesOffsets && Self.ends(wide, a + b) == (a + b).map(\.end))
    }

    /// Through a table: the sort moves each span's end with it, and durations are end − start,
    /// never negative, as before.
    @Test(arguments: [UInt64(1), 2])
    func sortingKeepsEachSpansEndAndDuration(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var spans: [Span] = []
        for k in 0..<5_000 {
            let start = Int64(random.next() % 10_000_000_000)
            let end: Int64 =
                switch random.next() % 10 {
                case 0: start - Int64(random.next() % 1_000)
                case 1: start + 4_294_967_295 + Int64(random.next() % 1_000)
                default: start + Int64(random.next() % 10_000_000)
                }
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: random.next() % 700 + 1), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op", kind: .server, startTimeUnixNano: start, endTimeUnixNano: end, status: .unset, attributes: []))
        }
        var builder = SnapshotBuilder()
        builder.add(spans)
        let table = builder.finish().spans
        #expect(table.endTimes.storesOffsets)
        for i in table.indices {
            let original = spans[Int(table.spanIDs[i].value) - 1]
            #expect(table.endTime(at: i) == original.endTimeUnixNano)
            #expect(table.durationNanos(at: i) == max(0, original.endTimeUnixNano - original.startTimeUnixNano))
            #expect(table[i].endTimeUnixNano == original.endTimeUnixNano)
        }
    }
}
