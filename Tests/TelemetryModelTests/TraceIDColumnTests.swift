import Testing
import Vocabulary

@testable import TelemetryModel

/// The span table's trace id column (issue 7): every id reads back as appended, in whatever runs
/// it is stored, and after the sort each trace's id is stored once.
@Suite struct TraceIDColumnTests {
    static func id(_ n: UInt64) -> TraceID { TraceID(high: n >> 3, low: n &* 0x9E37_79B9_7F4A_7C15) }

    @Test func idsMetAgainShareARunAndEveryIDReadsBack() {
        let ids = [1, 1, 2, 2, 2, 1, 3, 3].map { Self.id($0) }
        let column = TraceIDColumn(ids)
        #expect(Array(column) == ids)
        #expect(column.runIDs == [1, 2, 3].map { Self.id($0) })
        #expect(column.runOf == [0, 0, 1, 1, 1, 0, 2, 2])
        #expect(column.sameTrace(0, 5))
        #expect(column.sameTrace(2, 4))
        #expect(!column.sameTrace(4, 5))
    }

    /// Ids that fall in one slot of the recent table push each other out: an id met again after
    /// that gets a second run, and still reads back and compares as the same trace.
    @Test func anIDPushedOutOfTheRecentTableGetsASecondRun() {
        let slots = UInt64(TraceIDColumn.recentSlots)
        let a = TraceID(high: 0, low: 5), b = TraceID(high: 0, low: 5 + slots), c = TraceID(high: 7, low: 7 ^ 9)
        let ids = [a, b, a, c, c, a]
        let column = TraceIDColumn(ids)
        #expect(Array(column) == ids)
        #expect(column.runIDs == [a, b, a, c])
        #expect(column.runOf == [0, 1, 2, 3, 3, 2])
        #expect(column.sameTrace(0, 2))
        #expect(!column.sameTrace(0, 1))
    }

    /// Spans of many traces interleaved, as a collector's request groups them by service: each
    /// trace's id is stored about once (ids that share a slot of the recent table push each
    /// other out: 2,000 ids in 16,384 slots, about one in nine).
    @Test func interleavedTracesAreStoredOncePerTrace() {
        var random = SplitMix64(seed: 7)
        let traces = (0..<2_000).map { _ in TraceID(high: random.next(), low: random.next()) }
        let ids = traces + traces.map { $0 } + traces.reversed()
        let column = TraceIDColumn(ids)
        #expect(Array(column) == ids)
        #expect(Set(column.runIDs).count == 2_000)
        #expect(column.runIDs.count <= 2_500)
    }

    @Test func appendingAColumnKeepsItsRunsAndShiftsThem() {
        var column = TraceIDColumn([1, 2].map { Self.id($0) })
        column.append(contentsOf: TraceIDColumn([2, 2, 4].map { Self.id($0) }))
        #expect(Array(column) == [1, 2, 2, 2, 4].map { Self.id($0) })
        #expect(column.runIDs == [1, 2, 2, 4].map { Self.id($0) })
        #expect(column.runOf == [0, 1, 2, 2, 3])
        #expect(column.sameTrace(1, 2))
        column.append(Self.id(4))
        column.append(Self.id(1))  // still in the recent table: its first run
        #expect(column.runIDs.count == 4)
        #expect(column.runOf.suffix(2) == [3, 0])
        var empty = TraceIDColumn()
        empty.append(contentsOf: column)
        #expect(Array(empty) == Array(column))
    }

    /// A permutation reads the ids in its order and stores each run of equal ids once, however
    /// they were stored before.
    @Test func permutingRebuildsTheRuns() {
        var column = TraceIDColumn([3, 1, 3, 2, 1].map { Self.id($0) })
        column.append(contentsOf: TraceIDColumn([2].map { Self.id($0) }))
        #expect(column.runIDs == [3, 1, 2, 2].map { Self.id($0) })
        let before = Array(column)
        let order: [UInt32] = [1, 4, 3, 5, 0, 2]
        column.permute(by: order, through: ColumnScratch(byteCount: 64))
        #expect(Array(column) == order.map { before[Int($0)] })
        #expect(column.runIDs == [1, 2, 3].map { Self.id($0) })
        #expect(column.runOf == [0, 0, 1, 1, 2, 2])
    }

    @Test func reservingKeepsEveryID() {
        var column = TraceIDColumn()
        column.reserveCapacity(10)
        for n: UInt64 in [5, 5, 6] { column.append(Self.id(n)) }
        column.reserveCapacity(1_000)
        for n: UInt64 in [6, 7] { column.append(Self.id(n)) }
        #expect(Array(column) == [5, 5, 6, 6, 7].map { Self.id($0) })
        #expect(column.runIDs.count == 3)
        column.permute(by: [4, 3, 2, 1, 0], through: ColumnScratch(byteCount: 64))
        column.append(Self.id(5))  // the recent table was emptied with the old numbering
        #expect(Array(column) == [7, 6, 6, 5, 5, 5].map { Self.id($0) })
        #expect(column.runOf == [0, 1, 1, 2, 2, 2])
    }

    /// Spans of 40 traces in shuffled order: once sorted by trace, the column holds each trace's
    /// id once, in id order, and every span keeps its own id (read through the `Span` view).
    @Test func aSortedTableStoresEachTraceOnce() {
        var generator = SystemRandomNumberGenerator()
        var spans: [Span] = []
        for t in 0..<40 {
            for s in 0..<(1 + t % 6) {
                spans.append(
                    Span(
                        traceID: Self.id(UInt64(t * 7 + 3)), spanID: SpanID(UInt64(t * 100 + s + 1)), name: "op",
                        startTimeUnixNano: Int64(1_000 * s), endTimeUnixNano: Int64(1_000 * s + 500)))
            }
        }
        spans.shuffle(using: &generator)
        let table = SpanTable(spans).sortedByTrace()
        #expect(table.traceIDs.runIDs == Set(spans.map(\.traceID)).sorted())
        #expect(Set(table.indices.map { table[$0].spanID }) == Set(spans.map(\.spanID)))
        let byID = Dictionary(uniqueKeysWithValues: spans.map { ($0.spanID, $0.traceID) })
        for i in table.indices { #expect(table.traceIDs[i] == byID[table.spanIDs[i]]) }
    }
}
