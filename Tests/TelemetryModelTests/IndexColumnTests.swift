import Testing
import Vocabulary

@testable import TelemetryModel

/// The resource and scope index columns (issue 7, memory): two bytes an entry while every entry
/// fits, four from the first that does not, and every entry reads back as written either way.
@Suite struct IndexColumnTests {
    @Test func smallIndexesStayNarrowAndReadBack() {
        var column = IndexColumn([0, 3, 65_534, 7])
        #expect(column.isNarrow)
        #expect(Array(column) == [0, 3, 65_534, 7])
        column[1] = 9
        column.append(2)
        #expect(column.isNarrow && Array(column) == [0, 9, 65_534, 7, 2])
    }

    /// An entry past the narrow range (65,535 and up, or negative, as a corrupt index may be)
    /// widens the column once; every earlier entry keeps its value.
    @Test(arguments: [Int32(65_535), 1 << 20, -1, Int32.max, Int32.min])
    func aWideEntryWidensTheColumn(value: Int32) {
        var appended = IndexColumn([1, 2, 3])
        appended.append(value)
        #expect(!appended.isNarrow && Array(appended) == [1, 2, 3, value])
        appended.append(4)
        #expect(Array(appended) == [1, 2, 3, value, 4])

        var assigned = IndexColumn([1, 2, 3])
        assigned[1] = value
        #expect(!assigned.isNarrow && Array(assigned) == [1, value, 3])

        var filled = IndexColumn([1, 2, 3, 4])
        #expect(filled.fill(from: 2, with: value) == 2)
        #expect(!filled.isNarrow && Array(filled) == [1, 2, value, value])
    }

    @Test func fillSetsTheTail() {
        var column = IndexColumn([5, 5, 0, 0, 0])
        #expect(column.fill(from: 2, with: 8) == 3)
        #expect(column.isNarrow && Array(column) == [5, 5, 8, 8, 8])
        #expect(column.fill(from: 5, with: 1) == 0)
        #expect(Array(column) == [5, 5, 8, 8, 8])
        // One entry (set without the loop), narrow, then widening, then wide.
        #expect(column.fill(from: 4, with: 2) == 1)
        #expect(column.isNarrow && Array(column) == [5, 5, 8, 8, 2])
        #expect(column.fill(from: 4, with: 70_000) == 1)
        #expect(!column.isNarrow && Array(column) == [5, 5, 8, 8, 70_000])
        #expect(column.fill(from: 4, with: 3) == 1)
        #expect(column.fill(from: 3, with: 9) == 2)
        #expect(Array(column) == [5, 5, 8, 9, 9])
    }

    /// Appending another table's indexes maps each through the map given (its position to its
    /// new value); an index the map does not cover is kept; narrow and wide columns mix.
    @Test func appendingMapsThroughTheMap() {
        var a = IndexColumn([0, 1])
        a.append(contentsOf: IndexColumn([1, 0, 1]), through: [0, 1])
        #expect(a.isNarrow && Array(a) == [0, 1, 1, 0, 1])
        a.append(contentsOf: IndexColumn([0, 1, 5]), through: [2, 70_000])
        #expect(!a.isNarrow && Array(a) == [0, 1, 1, 0, 1, 2, 70_000, 5])
        var b = IndexColumn([3])
        b.append(contentsOf: a, through: [])
        #expect(Array(b) == [3] + Array(a))
        #expect(IndexColumn([1, 2]) == IndexColumn([1, 2]))
        var wide = IndexColumn([1, 70_000])
        wide[1] = 2
        #expect(wide == IndexColumn([1, 2]) && !wide.isNarrow)
    }

    /// The sort permutes the columns with the rest of the table, narrow or wide: a table of
    /// spans over more resources than two bytes number keeps each span's resource and scope.
    @Test(arguments: [40, 70_000])
    func sortingKeepsEachSpansIndexes(resourceCount: Int) {
        var builder = SnapshotBuilder()
        for r in 0..<resourceCount {
            _ = builder.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("s\(r)"))]))
        }
        var random = SplitMix64(seed: 11)
        var spans: [Span] = []
        for k in 0..<3000 {
            let resource = Int32(random.next() % UInt64(resourceCount))
            spans.append(
                Span(
                    traceID: TraceID(high: 0, low: random.next() % 400 + 1), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                    name: "op", kind: .server, startTimeUnixNano: Int64(random.next() % 1_000_000), endTimeUnixNano: 2_000_000,
                    status: .unset, attributes: [], resourceIndex: resource, scopeIndex: resource % 3))
        }
        builder.add(spans)
        let table = builder.finish().spans
        #expect(table.resourceIndexes.isNarrow == (resourceCount <= 65_535))
        var seen = 0
        for i in table.indices {
            let original = spans[Int(table.spanIDs[i].value) - 1]
            #expect(table.resourceIndexes[i] == original.resourceIndex)
            #expect(table.scopeIndexes[i] == original.scopeIndex)
            seen += 1
        }
        #expect(seen == spans.count)
    }
}
