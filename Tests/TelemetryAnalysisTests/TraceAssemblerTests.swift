import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

@Suite struct TraceAssemblerTests {
    @Test func traceDurationRootAndOrphans() throws {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, name: "child", start: 10, ms: 120, error: true, resource: 1),
            Fixtures.span(1, 3, parent: 99, name: "orphan", start: 5, ms: 1),
            Fixtures.span(2, 4, start: 50, ms: 30),
        ])
        let traces = TraceAssembler.assemble(snap)
        #expect(traces.count == 2)
        let t = traces[0]
        #expect(t.spanCount == 3)
        #expect(t.durationNanos == 130_000_000)  // max end 130 ms − min start 0
        #expect(t.errorCount == 1)
        #expect(t.rootName == "op")
        #expect(t.services == ["a", "b"])
        #expect(t.orphanIndexes.map { snap.spans[$0].name } == ["orphan"])
        #expect(t.spanRange == 0..<3)
        #expect(traces[1].spanRange == 3..<4)
        #expect(snap.spans.name(at: t.rootIndex) == "op")
    }

    /// A trace's services are the sorted names of its spans' resources, each once, whether its
    /// resource indexes are below 64 (kept as bits) or not (kept as a list), and the same for a
    /// set of resources met again (looked up, not made again) — against a set made here.
    @Test func servicesOfResourcesBelowAndAbove64() throws {
        // 80 resources; resources 5 and 70 share a name, so a trace over both names it once.
        let names: [String] = (0..<80).map { (i: Int) -> String in
            let digits = String(i + 1000).dropFirst()
            return i == 70 ? "s005" : "s" + digits
        }
        var random = SplitMix64(seed: 5)
        var spans: [Span] = []
        for trace in 1...400 {
            let count = random.int(in: 1...6)
            for k in 0..<count {
                // Every fourth trace reaches above 63; the others stay among the first few.
                let resource = trace % 4 == 0 ? random.int(in: 0...79) : [0, 5, 63, 7][random.int(in: 0...3)]
                spans.append(
                    Fixtures.span(
                        UInt64(trace), UInt64(trace * 10 + k), parent: k == 0 ? 0 : UInt64(trace * 10), start: Int64(k), ms: 1,
                        resource: Int32(resource)))
            }
        }
        /// Resources that differ in their host only, so that equal names stay apart.
        func snapshot(_ spans: [Span]) -> Snapshot {
            var b = SnapshotBuilder()
            for (i, name) in names.enumerated() {
                _ = b.intern(
                    Resource(attributes: [
                        Attribute(key: "service.name", value: .string(name)), Attribute(key: "host.name", value: .int(Int64(i))),
                    ]))
            }
            b.add(spans)
            return b.finish()
        }
        let snap = snapshot(spans)
        #expect(snap.resources.count == 80)
        let traces = TraceAssembler.assemble(snap)
        #expect(traces.count == 400)
        var wide = 0
        for t in traces {
            let resources = Set(t.spanRange.map { snap.spans.resourceIndexes[$0] })
            if resources.contains(where: { $0 >= 64 }) { wide += 1 }
            #expect(t.services == Set(resources.map { names[Int($0)] }).sorted())
        }
        #expect(wide > 20)
        let both = snapshot([
            Fixtures.span(1, 1, start: 0, ms: 1, resource: 70), Fixtures.span(1, 2, parent: 1, start: 0, ms: 1, resource: 5),
        ])
        #expect(TraceAssembler.assemble(both)[0].services == ["s005"])
    }

    /// A trace whose every span ends before the earliest start (negative `ms`: clocks gone
    /// wrong) lasts 0, as each of its spans does, not max(end) − min(start) < 0; one span that
    /// ends after the earliest start gives the trace its ordinary duration.
    @Test func aTraceThatEndsBeforeItStartsLastsZero() throws {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, start: 100, ms: -50),
            Fixtures.span(1, 2, parent: 1, start: 90, ms: -80),
            Fixtures.span(2, 3, start: 100, ms: -50),
            Fixtures.span(2, 4, parent: 3, start: 40, ms: 70),
        ])
        let traces = TraceAssembler.assemble(snap)
        #expect(traces.map(\.durationNanos) == [0, 70_000_000])  // trace 2: max end 110 − min start 40
        #expect(snap.spans.map(\.durationNanos).sorted() == [0, 0, 0, 70_000_000])
    }

    /// Summaries stay at 104 bytes (issue 7: 100k of them were 11 MB at 112 bytes before their
    /// 32-bit fields, 8 of them the root operation's key since), and those fields read back what
    /// was stored.
    @Test func summariesAreCompact() {
        var t = TraceSummary(
            traceID: TraceID(high: 1, low: 2), spanRange: 7..<4_000_000_000, startTimeUnixNano: 5, endTimeUnixNano: 9,
            errorCount: 3_000_000_000, rootIndex: 4_000_000_001, rootService: "s", rootName: "n", rootOperationKey: 1 << 40 | 7,
            services: ["s"], orphanIndexes: [])
        #expect(MemoryLayout<TraceSummary>.stride == 104)
        #expect(t.rootOperationKey == 1 << 40 | 7)
        #expect(t.spanRange == 7..<4_000_000_000)
        #expect(t.spanCount == 3_999_999_993)
        #expect(t.errorCount == 3_000_000_000)
        #expect(t.rootIndex == 4_000_000_001)
        t.spanRange = 1..<2
        t.errorCount = 0
        t.rootIndex = 1
        #expect(t.spanCount == 1 && t.errorCount == 0 && t.rootIndex == 1)
    }

    @Test func rootFallsBackToEarliestOrphanWhenNoSpanLacksAParent() {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 2, parent: 7, name: "late", start: 20, ms: 1),
            Fixtures.span(1, 3, parent: 8, name: "early", start: 10, ms: 1),
        ])
        let t = TraceAssembler.assemble(snap)[0]
        #expect(snap.spans[t.rootIndex].name == "early")
        #expect(t.orphanIndexes.map { snap.spans[$0].name } == ["late"])
    }

    @Test func slowestOrdersByDurationThenTraceID() {
        let snap = Fixtures.snapshot([
            Fixtures.span(3, 1, start: 0, ms: 50),
            Fixtures.span(2, 2, start: 0, ms: 50),
            Fixtures.span(1, 3, start: 0, ms: 10),
            Fixtures.span(4, 4, start: 0, ms: 70),
        ])
        let slow = TraceAssembler.slowest(TraceAssembler.assemble(snap), limit: 3)
        #expect(slow.map(\.traceID.low) == [4, 2, 3])
    }

    /// The slowest among some traces, by their positions, are those `slowest` picks from a copy
    /// of them (ties by trace id; a limit past their count, or of none).
    @Test func slowestAmongPositionsPicksAsFromACopy() {
        let durations: [Int64] = [5, 9, 5, 7, 9, 1, 5, 8, 2]
        let snap = Fixtures.snapshot((1...9).map { k in Fixtures.span(UInt64(k), UInt64(k), start: 0, ms: durations[k - 1]) })
        let traces = TraceAssembler.assemble(snap)
        for among in [[8, 0, 2, 6, 4, 1], [3], [], Array(traces.indices)] {
            for limit in [0, 1, 3, 20] {
                let picked = TraceAssembler.slowest(traces, among: among, limit: limit)
                let expected = TraceAssembler.slowest(among.map { traces[$0] }, limit: limit).map(\.traceID)
                #expect(picked.map { traces[$0].traceID } == expected, "\(among) \(limit)")
                #expect(picked.allSatisfy(among.contains))
            }
        }
        // The five slowest of all: the two of 9 ms (ids 2, 5), 8 (id 8), 7 (id 4), and of the
        // three of 5 ms the one of the smallest id (1).
        let five = TraceAssembler.slowest(traces, among: Array(traces.indices), limit: 5).map { traces[$0].traceID.low }
        #expect(five == [2, 5, 8, 4, 1])
    }

    @Test func waterfallOrderDepthAndSelfTime() {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, name: "b", start: 30, ms: 40),
            Fixtures.span(1, 3, parent: 1, name: "a", start: 10, ms: 30),
            Fixtures.span(1, 4, parent: 3, name: "a1", start: 12, ms: 5),
            Fixtures.span(1, 5, parent: 42, name: "lost", start: 1, ms: 1),
        ])
        let trace = TraceAssembler.assemble(snap)[0]
        let tree = TraceTree(snapshot: snap, trace: trace)
        #expect(tree.rows.map { snap.spans[$0.spanIndex].name } == ["root", "lost", "a", "a1", "b"])
        #expect(tree.rows.map(\.depth) == [0, 1, 1, 2, 1])
        #expect(tree.rows.map(\.isOrphan) == [false, true, false, false, false])
        // root 0–100 minus union of lost 1–2, a 10–40, b 30–70 = 100 − (1 + 60) = 39 ms
        #expect(tree.rows[0].selfTimeNanos == 39_000_000)
        #expect(tree.rows[2].selfTimeNanos == 25_000_000)
        #expect(tree.rows[0].descendantCount == 4)
        // Jaeger's walk: root 70–100 (after b), b 30–70, root 2–30 (lost is the last child to
        // finish before b started; a overlaps b so it is not waited for), lost 1–2, root 0–1.
        #expect(tree.criticalPath(spans: snap.spans).map { snap.spans[tree.rows[$0].spanIndex].name } == ["root", "lost", "b"])
    }

    /// Spans whose parents form a cycle are reachable from no root: they are appended at depth
    /// 1 under the root, flagged, with the cycle's other span as their child (and never twice).
    @Test func spansInACycleAreAppendedUnderTheRoot() {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 3, name: "x", start: 10, ms: 20),
            Fixtures.span(1, 3, parent: 2, name: "y", start: 20, ms: 5),
            Fixtures.span(1, 4, parent: 1, name: "child", start: 40, ms: 10),
        ])
        let trace = TraceAssembler.assemble(snap)[0]
        let tree = TraceTree(snapshot: snap, trace: trace)
        #expect(tree.rows.map { snap.spans[$0.spanIndex].name } == ["root", "child", "x", "y"])
        #expect(tree.rows.map(\.depth) == [0, 1, 1, 2])
        #expect(tree.rows.map(\.isOrphan) == [false, false, true, false])
        #expect(tree.rows.map(\.parentRow) == [nil, 0, 0, 2])
        #expect(tree.rows.map(\.descendantCount) == [3, 0, 1, 0])
    }

    @Test func servicesStatisticsAndFocusByOwnWork() {
        // service a: a thin caller that waits; service b: does 80 ms of its own work.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, start: 0, ms: 100),
            Fixtures.span(1, 2, parent: 1, start: 10, ms: 80, resource: 1),
            Fixtures.span(2, 3, start: 0, ms: 20),
        ])
        let stats = ServiceStatistics.compute(snap, traces: TraceAssembler.assemble(snap))
        #expect(stats.map(\.name) == ["a", "b"])
        #expect(stats[0].spanCount == 2)
        #expect(stats[0].latency.p50 == 20_000_000)
        #expect(stats[0].latency.max == 100_000_000)
        #expect(ServiceStatistics.focusService(stats) == "b")
    }
}

@Suite struct FocusServiceTests {
    /// A stream open for the whole snapshot (a flag service's event stream) has a huge self
    /// time but is no slow request: the focus goes to the service doing slow work.
    @Test func longLivedStreamsDoNotWinTheFocus() {
        var spans: [Span] = []
        for i in 0..<25 {
            spans.append(Fixtures.span(UInt64(i + 1), UInt64(i + 1), start: Int64(i) * 100, ms: i % 5 == 0 ? 60 : 5, resource: 1))
        }
        spans.append(Fixtures.span(99, 99, start: 0, ms: 2_600, resource: 0))  // the stream, "a"
        let snap = Fixtures.snapshot(spans)
        let stats = ServiceStatistics.compute(snap, traces: TraceAssembler.assemble(snap))
        #expect(ServiceStatistics.focusService(stats) == "b")
        #expect(stats.first { $0.name == "a" }?.latency.max == 2_600_000_000)  // still counted in latency
    }
}

/// The assembly's and the service statistics' passes on every core (issue 7), on a snapshot
/// large enough to be cut into slices and chunks, against their one-pass definitions.
@Suite struct ParallelAssemblyTests {
    /// 80,000 spans in 12,000 traces of 1–13 spans over five services; some spans errors, some
    /// lasting longer than half the snapshot (left out of the self-time tail).
    static let snapshot: Snapshot = {
        var random = SplitMix64(seed: 21)
        var spans: [Span] = []
        var trace: UInt64 = 0
        while spans.count < 80_000 {
            trace += 1
            let size = 1 + Int(random.next() % 13)
            let start = Int64(random.next() % 600_000)
            for k in 0..<size {
                let long = random.next() % 500 == 0
                spans.append(
                    Fixtures.span(
                        trace, UInt64(k + 1), parent: k == 0 ? 0 : UInt64(1 + random.next() % UInt64(k)), start: start + Int64(k),
                        ms: long ? 900_000 : Int64(1 + random.next() % 900), error: random.next() % 17 == 0,
                        resource: Int32(random.next() % 5)))
            }
        }
        return Fixtures.snapshot(spans, services: ["e", "a", "d", "b", "c"])
    }()

    @Test func traceRangesAreTheRunsOfOneTraceID() {
        let ids = Self.snapshot.spans.traceIDs
        var expected: [Range<Int>] = []
        var start = 0
        while start < ids.count {
            var end = start + 1
            while end < ids.count && ids[end] == ids[start] { end += 1 }
            expected.append(start..<end)
            start = end
        }
        #expect(ids.count >= 2 * 16_384)
        // Not `==`: a failure would print the difference of two arrays of 12,000 ranges.
        #expect(TraceAssembler.traceRanges(ids).elementsEqual(expected))
        #expect(TraceAssembler.assemble(Self.snapshot).map(\.spanRange).elementsEqual(expected))
    }

    @Test func serviceStatisticsMatchTheirDefinition() {
        let snap = Self.snapshot
        let traces = TraceAssembler.assemble(snap)
        #expect(traces.count >= 8_192)
        let spans = snap.spans
        let first = traces.map(\.startTimeUnixNano).min()!, last = traces.map(\.endTimeUnixNano).max()!
        let threshold = (last - first) / 2
        let selfTimes = TraceParents.selfTimes(spans, traces: traces)
        var durations: [String: [Int64]] = [:], kept: [String: [Int64]] = [:], errors: [String: Int] = [:]
        for i in 0..<spans.count {
            let name = snap.resources[Int(spans.resourceIndexes[i])].serviceName
            let d = spans.durationNanos(at: i)
            durations[name, default: []].append(d)
            if d <= threshold { kept[name, default: []].append(selfTimes[i]) }
            if spans.statuses[i] == .error { errors[name, default: 0] += 1 }
        }
        #expect(durations.values.contains { $0.contains { $0 > threshold } })
        let stats = ServiceStatistics.compute(snap, traces: traces)
        #expect(stats.map(\.name) == ["a", "b", "c", "d", "e"])
        for s in stats {
            #expect(s.spanCount == durations[s.name]!.count)
            #expect(s.errorCount == errors[s.name, default: 0])
            #expect(s.latency == LatencySummary(durations: durations[s.name]!))
            #expect(s.selfTimeP99 == Percentile.p99.of(sorted: kept[s.name, default: []].sorted()) ?? 0)
        }
    }
}
