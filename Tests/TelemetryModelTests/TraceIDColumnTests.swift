import Testing

@testable import TelemetryModel

/// The span table's trace id column (issue 7): every id reads back as appended, in whatever runs
/// it is stored, and after the sort each trace's id is stored once.
@Suite struct TraceIDColumnTests {
    static func id(_ n: UInt64) -> TraceID { TraceID(high: n >> 3, low: n &* 0x9E37_79B9_7F4A_7C15) }

    @Test func neighboursShareARunAndEveryIDReadsBack() {
        let ids = [1, 1, 2, 2, 2, 1, 3, 3].map { Self.id($0) }
        let column = TraceIDColumn(ids)
        #expect(Array(column) == ids)
        #expect(column.runIDs == [1, 2, 1, 3].map { Self.id($0) })
        #expect(column.runOf == [0, 0, 1, 1, 1, 2, 3, 3])
        #expect(column.sameTrace(0, 5))  // two runs of one id
        #expect(column.sameTrace(2, 4))
        #expect(!column.sameTrace(4, 5))
    }

    @Test func appendingAColumnKeepsItsRunsAndShiftsThem() {
        var column = TraceIDColumn([1, 2].map { Self.id($0) })
        column.append(contentsOf: TraceIDColumn([2, 2, 4].map { Self.id($0) }))
        #expect(Array(column) == [1, 2, 2, 2, 4].map { Self.id($0) })
        #expect(column.runIDs == [1, 2, 2, 4].map { Self.id($0) })
        #expect(column.runOf == [0, 1, 2, 2, 3])
        #expect(column.sameTrace(1, 2))
        column.append(Self.id(4))
        #expect(column.runIDs.count == 4)
        var empty = TraceIDColumn()
        empty.append(contentsOf: column)
        #expect(Array(empty) == Array(column))
    }

    /// A permutation reads the ids in its order and stores each run of equal ids once, however
    /// they were stored before.
    @Test func permutingRebuildsTheRuns() {
        var column = TraceIDColumn([3, 1, 3, 2, 1].map { Self.id($0) })
        column.append(contentsOf: TraceIDColumn([2].map { Self.id($0) }))
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
