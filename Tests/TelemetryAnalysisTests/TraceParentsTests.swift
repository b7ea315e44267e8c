import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// Parents and self times from the span table's columns (issue 7), against hand-computed values.
@Suite struct TraceParentsTests {
    static func span(_ id: UInt64, parent: UInt64, start: Int64, end: Int64) -> Span {
        Span(
            traceID: TraceID(high: 0, low: 1), spanID: SpanID(id), parentSpanID: SpanID(parent), name: "s\(id)",
            startTimeUnixNano: start, endTimeUnixNano: end)
    }

    /// root [0,100]; A [10,40] and B [30,60] overlap under it; C [35,50] under A; O [90,120]
    /// names a parent that is not there, so it hangs under the root.
    static let snapshot = Snapshot(spans: [
        span(1, parent: 0, start: 0, end: 100),
        span(2, parent: 1, start: 10, end: 40),
        span(3, parent: 1, start: 30, end: 60),
        span(4, parent: 2, start: 35, end: 50),
        span(5, parent: 99, start: 90, end: 120),
    ])

    @Test func parentsFollowTheWaterfallRule() throws {
        let trace = try #require(TraceAssembler.assemble(Self.snapshot).first)
        #expect(TraceParents.parents(Self.snapshot.spans, trace: trace) == [-1, 0, 0, 1, 0])
    }

    @Test func selfTimeIsDurationLessTheUnionOfClippedChildren() throws {
        let trace = try #require(TraceAssembler.assemble(Self.snapshot).first)
        let parents = TraceParents.parents(Self.snapshot.spans, trace: trace)
        // root: 100 − |[10,60] ∪ [90,100]| = 40; A: 30 − |[35,40]| = 25; B 30; C 15; O 30.
        #expect(TraceParents.selfTimes(Self.snapshot.spans, trace: trace, parents: parents) == [40, 25, 30, 15, 30])
        #expect(TraceParents.selfTimes(Self.snapshot.spans, traces: [trace]) == [40, 25, 30, 15, 30])
        // The waterfall's rows carry the same numbers.
        let tree = TraceTree(snapshot: Self.snapshot, trace: trace)
        #expect(tree.rows.map(\.selfTimeNanos).sorted() == [15, 25, 30, 30, 40])
    }

    /// Enough traces for the work to be split into chunks (of at least 256 traces: five here): every span's
    /// slot holds its own trace's self time. Trace k is the five spans above shifted by k ns, so
    /// each has the self times of the first, but the root of every third starts 10 ns earlier.
    @Test func selfTimesOfManyTracesLandInEverySpansSlot() {
        var spans: [Span] = []
        for k in 0..<1_500 {
            for var s in Self.snapshot.spans.indices.map({ Self.snapshot.spans[$0] }) {
                s.traceID = TraceID(high: 0, low: UInt64(k + 1))
                s.startTimeUnixNano += Int64(k) - (s.spanID == SpanID(1) && k % 3 == 0 ? 10 : 0)
                s.endTimeUnixNano += Int64(k)
                spans.append(s)
            }
        }
        let snapshot = Snapshot(spans: spans)
        let traces = TraceAssembler.assemble(snapshot)
        #expect(traces.count == 1_500)
        let expected = (0..<1_500).flatMap { k in [k % 3 == 0 ? 50 : 40, 25, 30, 15, 30] as [Int64] }
        #expect(TraceParents.selfTimes(snapshot.spans, traces: traces) == expected)
    }

    @Test func spansOutOfStartOrderGiveTheSameSelfTimes() throws {
        // A table built by hand, not sorted: each span's children are sorted instead.
        let spans = Self.snapshot.spans
        let shuffled = Snapshot(spans: SpanTable([spans[0], spans[3], spans[2], spans[1], spans[4]]))
        let trace = try #require(TraceAssembler.assemble(shuffled).first)
        let parents = TraceParents.parents(shuffled.spans, trace: trace)
        #expect(TraceParents.selfTimes(shuffled.spans, trace: trace, parents: parents) == [40, 15, 30, 25, 30])
    }

    @Test func largeTracesUseTheSameRuleAsSmallOnes() throws {
        // Over `scanLimit` spans the parents come from `TraceSpanLookup`'s table instead of a scan.
        var spans = [Self.span(1, parent: 0, start: 0, end: 1000)]
        for i in 2...100 { spans.append(Self.span(UInt64(i), parent: UInt64(i - 1), start: Int64(i), end: 1000 - Int64(i))) }
        let snapshot = Snapshot(spans: spans)
        let trace = try #require(TraceAssembler.assemble(snapshot).first)
        let parents = TraceParents.parents(snapshot.spans, trace: trace)
        #expect(parents == [-1] + Array(0..<99))
        // The root [0,1000] holds [2,998]: self 4; span i [i,1000−i] holds [i+1,999−i]: self 2; the
        // innermost [100,900]: 800.
        let selfTimes = TraceParents.selfTimes(snapshot.spans, trace: trace, parents: parents)
        #expect(selfTimes[0] == 4 && selfTimes[1] == 2 && selfTimes[99] == 800)
    }
}
