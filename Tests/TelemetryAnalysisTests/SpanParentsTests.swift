import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The parent lookups the assembly keeps (`SpanParents`) against a linear search written out
/// here, and everything that reads them against the same computation without them: the
/// waterfall's parents and tree, the self times, the service map, the slow-trace breakdowns. Random snapshots with orphans, spans
/// naming themselves or later spans, traces without a root, repeated span ids and traces past
/// the lookup's scan limit.
@Suite struct SpanParentsTests {
    /// The last span of `range` whose span id is span `i`'s parent id, searched from the end.
    static func referenceLookup(_ spans: SpanTable, _ range: Range<Int>, _ i: Int) -> Int? {
        range.reversed().first { spans.spanIDs[$0] == spans.parentSpanIDs[i] }
    }

    static var snapshots: [Snapshot] {
        (0..<6).map { TraceScratchReferenceTests.randomSnapshot(seed: UInt64($0), traceCount: 80) }
            + (0..<6).map { AnalysisReferenceTests.randomSnapshot(seed: UInt64($0), traceCount: 40 + 30 * $0) }
    }

    @Test func everySpanHasTheLookupOfItsParentID() throws {
        for (n, snap) in Self.snapshots.enumerated() {
            let (traces, kept) = TraceAssembler.assembleWithParents(snap)
            let parents = try #require(kept)
            #expect(traces.map(\.spanRange) == TraceAssembler.assemble(snap).map(\.spanRange))
            #expect(traces.map(\.orphanIndexes) == TraceAssembler.assemble(snap).map(\.orphanIndexes))
            #expect(parents.count == snap.spans.count)
            var found = 0
            for trace in traces {
                for i in trace.spanRange {
                    let expected = Self.referenceLookup(snap.spans, trace.spanRange, i)
                    #expect(parents.lookup(i) == expected, "snapshot \(n), span \(i)")
                    if expected != nil { found += 1 }
                }
            }
            // Most spans have their parent in the trace; some do not.
            #expect(found > snap.spans.count / 2 && found < snap.spans.count, "snapshot \(n)")
        }
    }

    @Test func readersGiveTheSameAnswersWithTheLookupsKept() throws {
        for (n, snap) in Self.snapshots.enumerated() {
            let (traces, kept) = TraceAssembler.assembleWithParents(snap)
            let parents = try #require(kept)
            var scratch = TraceParents.Scratch()
            for trace in traces {
                TraceParents.parents(
                    snap.spans, range: trace.spanRange, root: trace.rootIndex, orphanIndexes: trace.orphanIndexes, known: parents,
                    into: &scratch)
                #expect(scratch.parents == TraceParents.referenceParents(snap.spans, trace: trace), "snapshot \(n)")
            }
            #expect(
                TraceParents.selfTimes(snap.spans, traces: traces, known: parents) == TraceParents.selfTimes(snap.spans, traces: traces))
            #expect(ServiceMap.compute(snap, traces: traces, parents: parents) == ServiceMap.compute(snap, traces: traces))
            let (with, without) = (
                ServiceStatistics.compute(snap, traces: traces, parents: parents), ServiceStatistics.compute(snap, traces: traces)
            )
            #expect(with.map(\.name) == without.map(\.name) && with.map(\.latency) == without.map(\.latency))
            #expect(with.map(\.selfTimeP99) == without.map(\.selfTimeP99))
            // The waterfall's tree (rows and critical path) and the slow-trace breakdowns.
            for trace in traces {
                let (a, b) = (TraceTree(snapshot: snap, trace: trace, known: parents), TraceTree(snapshot: snap, trace: trace))
                #expect(a.rows.map(\.spanIndex) == b.rows.map(\.spanIndex) && a.rows.map(\.parentRow) == b.rows.map(\.parentRow))
                #expect(a.rows.map(\.selfTimeNanos) == b.rows.map(\.selfTimeNanos) && a.rows.map(\.depth) == b.rows.map(\.depth))
                #expect(a.criticalPath(spans: snap.spans) == b.criticalPath(spans: snap.spans), "snapshot \(n)")
            }
            let (slowWith, slowWithout) = (
                SlowTraceBreakdown.compute(snap, traces: traces, minimumTraces: 2, parents: parents),
                SlowTraceBreakdown.compute(snap, traces: traces, minimumTraces: 2)
            )
            #expect(!slowWith.isEmpty || traces.count < 2, "snapshot \(n)")
            #expect(slowWith.map(\.rows) == slowWithout.map(\.rows) && slowWith.map(\.rootName) == slowWithout.map(\.rootName))
        }
    }

    /// A span whose own id is zero (no valid id) is what a root's absent parent id names: the
    /// lookup finds it for the second root, as `TraceSpanLookup` does, so the second root hangs
    /// under it (and the zero span, a root too, under the first root).
    @Test func anAbsentParentIDFindsASpanWithoutAnID() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("a"))]))
        let t0: Int64 = 1_700_000_000_000_000_000
        let ids: [(id: UInt64, parent: UInt64)] = [(1, 0), (0, 0), (2, 0), (3, 1)]
        b.add(
            ids.enumerated().map { k, pair in
                Span(
                    traceID: TraceID(high: 0, low: 9), spanID: SpanID(pair.id), parentSpanID: SpanID(pair.parent), name: "s",
                    kind: .internal, startTimeUnixNano: t0 + Int64(k), endTimeUnixNano: t0 + 10, status: .unset, attributes: [],
                    resourceIndex: 0)
            })
        let snap = b.finish()
        let (traces, kept) = TraceAssembler.assembleWithParents(snap)
        let parents = try #require(kept)
        let trace = try #require(traces.first)
        let zero = try #require(snap.spans.indices.first { snap.spans.spanIDs[$0] == SpanID(0) })
        for i in trace.spanRange {
            #expect(parents.lookup(i) == Self.referenceLookup(snap.spans, trace.spanRange, i))
            if snap.spans.parentSpanIDs[i].isNone { #expect(parents.lookup(i) == zero) }
        }
        var scratch = TraceParents.Scratch()
        TraceParents.parents(snap.spans, range: trace.spanRange, root: trace.rootIndex, orphanIndexes: [], known: parents, into: &scratch)
        #expect(scratch.parents == TraceParents.parents(snap.spans, trace: trace))
    }

    /// The analysis keeps the lookups of the traces it assembled and drops them once its traces
    /// or snapshot are replaced, so no reader pairs them with other traces.
    @Test func theAnalysisDropsTheLookupsWithItsTraces() {
        let snap = TraceScratchReferenceTests.randomSnapshot(seed: 3, traceCount: 20)
        var analysis = SnapshotAnalysis(snapshot: snap)
        #expect(analysis.spanParents?.count == snap.spans.count)
        analysis.traces = Array(analysis.traces.prefix(3))
        #expect(analysis.spanParents == nil)
        var other = SnapshotAnalysis(snapshot: snap)
        other.snapshot = snap
        #expect(other.spanParents == nil)
    }
}
