import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The typical trace of a root operation (nearest rank ⌈0.5·n⌉ by duration, then trace id) and
/// the diff of a trace against it, path by path, checked against values worked out by hand.
@Suite struct TraceBaselineTests {
    /// One-span traces: (trace id, root name, ms).
    static func traces(_ list: [(UInt64, String, Int64)]) -> (Snapshot, [TraceSummary]) {
        let snap = Fixtures.snapshot(list.map { Fixtures.span($0.0, $0.0 * 10, name: $0.1, start: Int64($0.0), ms: $0.2) })
        return (snap, TraceAssembler.assemble(snap))
    }

    static func baselineID(_ id: UInt64, _ traces: [TraceSummary], _ b: TraceBaselines) -> UInt64? {
        let t = traces.first { $0.traceID == TraceID(high: 0, low: id) }!
        return b.baseline(of: t, in: traces)?.traceID.low
    }

    @Test func theSlowestTraceOfEachRootOperationTiesToTheSmallerTraceID() {
        // "GET": 10, 30, 20, 50 (id 5), 50 (id 4) ms: the 50 ms ones tie, id 4 is taken. "POST":
        // 9 (id 7), 7 (id 6): id 7. "PUT" alone: id 8.
        let (_, traces) = Self.traces([
            (1, "GET", 10), (2, "GET", 30), (3, "GET", 20), (5, "GET", 50), (4, "GET", 50),
            (7, "POST", 9), (6, "POST", 7), (8, "PUT", 100),
        ])
        let b = TraceBaselines(traces)
        #expect(b.slowestOfEachOperation == b.slowestOfEachOperation.sorted())
        #expect(b.slowestOfEachOperation.map { traces[$0].traceID.low }.sorted() == [4, 7, 8])
    }

    @Test func theBaselineIsTheNearestRankMedianByDurationThenTraceID() {
        // "GET": durations 10 (id 1), 30 (id 2), 20 (id 3), 20 (id 4), 50 (id 5): sorted by
        // (duration, id) 1, 3, 4, 2, 5; n = 5, rank ⌈2.5⌉ = 3: trace 4. "POST": 7 (id 6), 9 (id 7):
        // n = 2, rank 1: trace 6. "PUT": one trace: none.
        let (_, traces) = Self.traces([
            (1, "GET", 10), (2, "GET", 30), (3, "GET", 20), (4, "GET", 20), (5, "GET", 50),
            (6, "POST", 7), (7, "POST", 9), (8, "PUT", 100),
        ])
        let b = TraceBaselines(traces)
        #expect(Self.baselineID(5, traces, b) == 4)
        #expect(Self.baselineID(1, traces, b) == 4)
        #expect(Self.baselineID(3, traces, b) == 4)
        #expect(Self.baselineID(4, traces, b) == nil)  // the typical trace itself
        #expect(Self.baselineID(7, traces, b) == 6)
        #expect(Self.baselineID(6, traces, b) == nil)
        #expect(Self.baselineID(8, traces, b) == nil)
        #expect(b.operationCount(of: traces[0]) == 5)
    }

    @Test func rootOperationGroupsAreThePairsInTheOrderOfTheirFirstTraces() {
        // Traces of operations a and b interleaved, and pairs whose text joined by NUL would be
        // equal ("x\0y" + "" and "x" + "\0y"): each distinct pair is its own operation. Each
        // distinct pair gets a key of its own, as the assembly gives it.
        var keys: [[String]: UInt64] = [:]
        func summary(_ service: String, _ name: String, _ id: UInt64, ms: Int64 = 1) -> TraceSummary {
            let key = keys[[service, name]] ?? UInt64(keys.count)
            keys[[service, name]] = key
            return TraceSummary(
                traceID: TraceID(high: 0, low: id), spanRange: 0..<1, startTimeUnixNano: 0, endTimeUnixNano: ms * 1_000_000,
                errorCount: 0, rootIndex: 0, rootService: service, rootName: name, rootOperationKey: key, services: [service],
                orphanIndexes: [])
        }
        let traces = [
            summary("x", "y", 1), summary("b", "op", 2), summary("x\u{0}y", "", 3), summary("x", "y", 4), summary("b", "op", 5),
            summary("x", "\u{0}y", 6), summary("x", "y", 7),
        ]
        let groups = RootOperationGroups(traces)
        #expect(groups.members == [[0, 3, 6], [1, 4], [2], [5]])
        #expect(groups.count == 4)
        #expect(traces.map { groups.group(of: $0) } == [0, 1, 2, 0, 1, 3, 0])
        // A group's slice indexes the one array of positions, not from 0.
        #expect(groups[1].indices == 3..<5)
        #expect(groups.group(of: summary("new", "op", 8)) == nil)
        let colliding = [summary("a\u{0}b", "c", 1, ms: 3), summary("a", "b\u{0}c", 2, ms: 2), summary("a\u{0}b", "c", 3, ms: 1)]
        #expect(RootOperationGroups(colliding).members == [[0, 2], [1]])
        let baselines = TraceBaselines(colliding)
        #expect(colliding.map { baselines.operationCount(of: $0) } == [2, 1, 2])
        #expect(colliding.map { baselines.baselineIndex(of: $0, in: colliding) } == [2, nil, nil])
        #expect(baselines.slowestOfEachOperation == [0, 1])
        // The same groups as a dictionary of the pairs, in the order of their first traces.
        for list in [traces, colliding, []] {
            var byPair: [[String]: [Int]] = [:], order: [[String]] = []
            for (i, t) in list.enumerated() {
                let pair = [t.rootService, t.rootName]
                if byPair[pair] == nil { order.append(pair) }
                byPair[pair, default: []].append(i)
            }
            #expect(RootOperationGroups(list).members == order.map { byPair[$0]! })
        }
    }

    /// The assembly's keys are equal exactly when the root service and name are: two resources
    /// of one service share a number, a resource index past the table is `unknown_service` (one
    /// number with a resource of that name), and names are the span table's ids.
    @Test func rootOperationKeysAreEqualExactlyWhenThePairsAre() {
        var builder = SnapshotBuilder()
        for (i, name) in ["a", "b", "a", "unknown_service"].enumerated() {
            let attributes = [Attribute(key: "service.name", value: .string(name)), Attribute(key: "i", value: .int(Int64(i)))]
            #expect(builder.intern(Resource(attributes: attributes)) == Int32(i))
        }
        let names = ["GET", "POST", "GET /x/1", "GET /x/2"]
        // Trace t: name t % 4 on resource t / 4 % 5 (index 4 has no resource).
        var spans: [Span] = []
        for t in 0..<40 {
            let id = UInt64(t + 1), resource = Int32(t / 4 % 5)
            spans.append(Fixtures.span(id, id, name: names[t % 4], start: Int64(t), ms: 1, resource: resource))
        }
        builder.add(spans)
        let traces = TraceAssembler.assemble(builder.finish())
        #expect(traces.count == 40)
        var byKey: [UInt64: [String]] = [:]
        for t in traces {
            let pair = [t.rootService, t.rootName]
            #expect(byKey[t.rootOperationKey, default: pair] == pair)
            byKey[t.rootOperationKey] = pair
        }
        #expect(Set(byKey.values).count == byKey.count)
        #expect(byKey.count == 3 * 4)  // a, b and unknown_service, by four names
    }

    @Test func rootsOfTheSameNameInOtherServicesAreOtherOperations() {
        var builder = SnapshotBuilder()
        _ = builder.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("a"))]))
        _ = builder.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("b"))]))
        builder.add([
            Fixtures.span(1, 1, name: "GET", start: 0, ms: 10), Fixtures.span(2, 2, name: "GET", start: 0, ms: 20, resource: 1),
            Fixtures.span(3, 3, name: "GET", start: 0, ms: 30, resource: 1),
        ])
        let traces = TraceAssembler.assemble(builder.finish())
        let b = TraceBaselines(traces)
        #expect(Self.baselineID(1, traces, b) == nil)
        #expect(Self.baselineID(3, traces, b) == 2)
    }

    /// The baseline trace: root 0–20 (a) → db 2–6, db 8–12 (a), cache 14–16 (b).
    /// The slow trace: root 0–100 → db ×4 of 5 ms each from 2 ms, every 6 ms (2–7, 8–13, 14–19,
    /// 20–25), render 30–95 (a), no cache.
    static func pair() -> (Snapshot, TraceSummary, TraceSummary) {
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 20),
            Fixtures.span(1, 2, parent: 1, name: "db", start: 2, ms: 4),
            Fixtures.span(1, 3, parent: 1, name: "db", start: 8, ms: 4),
            Fixtures.span(1, 4, parent: 1, name: "cache", start: 14, ms: 2, resource: 1),
            Fixtures.span(2, 11, name: "root", start: 0, ms: 100),
            Fixtures.span(2, 12, parent: 11, name: "db", start: 2, ms: 5),
            Fixtures.span(2, 13, parent: 11, name: "db", start: 8, ms: 5),
            Fixtures.span(2, 14, parent: 11, name: "db", start: 14, ms: 5),
            Fixtures.span(2, 15, parent: 11, name: "db", start: 20, ms: 5),
            Fixtures.span(2, 16, parent: 11, name: "render", start: 30, ms: 65),
        ])
        let traces = TraceAssembler.assemble(snap)
        return (snap, traces[1], traces[0])
    }

    @Test func pathsCountSumAndClassifyByHand() throws {
        let (snap, slow, typical) = Self.pair()
        let diff = TraceDiff(snapshot: snap, trace: slow, baseline: typical)
        let ms: Int64 = 1_000_000
        func row(_ names: [String]) throws -> TraceDiff.Row {
            try #require(diff.rows.first { $0.path.map(\.name) == names })
        }
        // render: added, 65 ms of self time.
        let render = try row(["root", "render"])
        #expect(render.change == .added)
        #expect(render.baseline == TraceDiff.Side())
        #expect(render.trace == TraceDiff.Side(count: 1, durationNanos: 65 * ms, selfNanos: 65 * ms))
        // db: 2 calls of 4 ms → 4 calls of 5 ms: multiplied; self 8 → 20 ms.
        let db = try row(["root", "db"])
        #expect(db.change == .multiplied)
        #expect(db.baseline == TraceDiff.Side(count: 2, durationNanos: 8 * ms, selfNanos: 8 * ms))
        #expect(db.trace == TraceDiff.Side(count: 4, durationNanos: 20 * ms, selfNanos: 20 * ms))
        #expect(db.pairedBaselineNanos == 8 * ms && db.pairedTraceNanos == 10 * ms)
        // cache (service b): removed.
        let cache = try row(["root", "cache"])
        #expect(cache.change == .removed)
        #expect(cache.path.last == TraceDiff.Step(service: "b", name: "cache"))
        #expect(cache.timeAddedNanos == -2 * ms)
        // root: self 20 − 10 = 10 ms in the baseline; 100 − 20 − 65 = 15 ms in the slow trace;
        // 20 → 100 ms is 5×: slower.
        let root = try row(["root"])
        #expect(root.baseline.selfNanos == 10 * ms && root.trace.selfNanos == 15 * ms)
        #expect(root.change == .slower)
        // Sorted by time added: render +65, db +12, root +5, cache −2.
        #expect(diff.rows.map { $0.path.last!.name } == ["render", "db", "root", "cache"])
        // The self times added sum to the difference of the traces' self-time totals (100 − 20).
        #expect(diff.rows.reduce(Int64(0)) { $0 + $1.timeAddedNanos } == 80 * ms)
    }

    @Test func repeatedSiblingsPairInStartOrderAndSlowerNeedsOneAndAHalfTimes() throws {
        // Baseline: q 0–10, q 20–22. Trace: q 0–11, q 20–40. Paired: 12 ms → 31 ms (≥ 1.5× and
        // ≥ 1 ms more): slower. A path of 10 → 14 ms (1.4×) stays "same".
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 50),
            Fixtures.span(1, 2, parent: 1, name: "q", start: 0, ms: 10),
            Fixtures.span(1, 3, parent: 1, name: "q", start: 20, ms: 2),
            Fixtures.span(1, 4, parent: 1, name: "r", start: 30, ms: 10),
            Fixtures.span(2, 11, name: "root", start: 0, ms: 60),
            Fixtures.span(2, 12, parent: 11, name: "q", start: 0, ms: 11),
            Fixtures.span(2, 13, parent: 11, name: "q", start: 20, ms: 20),
            Fixtures.span(2, 14, parent: 11, name: "r", start: 42, ms: 14),
        ])
        let traces = TraceAssembler.assemble(snap)
        let diff = TraceDiff(snapshot: snap, trace: traces[1], baseline: traces[0])
        let q = try #require(diff.rows.first { $0.path.last?.name == "q" })
        #expect(q.change == .slower)
        #expect(q.pairedBaselineNanos == 12_000_000 && q.pairedTraceNanos == 31_000_000)
        let r = try #require(diff.rows.first { $0.path.last?.name == "r" })
        #expect(r.change == .same)
    }

    @Test func nestedPathsKeepTheirAncestry() throws {
        // The same name under two parents is two paths.
        let snap = Fixtures.snapshot([
            Fixtures.span(1, 1, name: "root", start: 0, ms: 50),
            Fixtures.span(1, 2, parent: 1, name: "x", start: 0, ms: 20),
            Fixtures.span(1, 3, parent: 2, name: "db", start: 1, ms: 5),
            Fixtures.span(1, 4, parent: 1, name: "y", start: 25, ms: 20),
            Fixtures.span(1, 5, parent: 4, name: "db", start: 26, ms: 5),
            Fixtures.span(2, 11, name: "root", start: 0, ms: 50),
            Fixtures.span(2, 12, parent: 11, name: "x", start: 0, ms: 20),
            Fixtures.span(2, 13, parent: 12, name: "db", start: 1, ms: 5),
        ])
        let traces = TraceAssembler.assemble(snap)
        let diff = TraceDiff(snapshot: snap, trace: traces[1], baseline: traces[0])
        #expect(
            Set(diff.rows.map { $0.path.map(\.name).joined(separator: "/") }) == ["root", "root/x", "root/x/db", "root/y", "root/y/db"])
        #expect(diff.rows.first { $0.path.map(\.name) == ["root", "y", "db"] }?.change == .removed)
        #expect(diff.rows.first { $0.path.map(\.name) == ["root", "x", "db"] }?.change == .same)
    }

    @Test func deepChainsLoopsAndNamesOfOtherServicesAreTheirOwnPaths() throws {
        // Baseline: root and a chain of 40 nested "hop" spans (service a). The trace: the same,
        // plus "hop" of service b under the root (another path than a's), and two "lost" spans
        // naming each other as parents (a loop: cut and hung under the root, the first met
        // outermost). 42 and 45 spans: the parents are looked up in the table, not scanned.
        func chain(_ trace: UInt64, _ base: UInt64) -> [Span] {
            [Fixtures.span(trace, base, name: "root", start: 0, ms: 100)]
                + (1...40).map { k in
                    Fixtures.span(
                        trace, base + UInt64(k), parent: base + UInt64(k) - 1, name: "hop", start: Int64(k), ms: 100 - 2 * Int64(k))
                }
        }
        let snap = Fixtures.snapshot(
            chain(1, 1) + [Fixtures.span(1, 60, parent: 1, name: "tail", start: 90, ms: 5)] + chain(2, 101) + [
                Fixtures.span(2, 200, parent: 101, name: "hop", start: 70, ms: 5, resource: 1),
                Fixtures.span(2, 300, parent: 301, name: "lost", start: 5, ms: 1, resource: 1),
                Fixtures.span(2, 301, parent: 300, name: "lost", start: 6, ms: 1, resource: 1),
                Fixtures.span(2, 160, parent: 101, name: "tail", start: 90, ms: 5),
            ])
        let traces = TraceAssembler.assemble(snap)
        let diff = TraceDiff(snapshot: snap, trace: traces[1], baseline: traces[0])
        // root, 40 levels of hop, tail, hop of b, and the two lost paths.
        #expect(diff.rows.count == 45)
        let deepest = try #require(diff.rows.first { $0.path.count == 41 })
        #expect(deepest.path.allSatisfy { $0.service == "a" } && deepest.change == .same)
        #expect(deepest.baseline == TraceDiff.Side(count: 1, durationNanos: 20_000_000, selfNanos: 20_000_000))
        let other = try #require(diff.rows.first { $0.path == [.init(service: "a", name: "root"), .init(service: "b", name: "hop")] })
        #expect(other.change == .added && other.trace.count == 1)
        let own = try #require(diff.rows.first { $0.path == [.init(service: "a", name: "root"), .init(service: "a", name: "hop")] })
        #expect(own.change == .same && own.baseline.count == 1 && own.trace.count == 1)
        // The loop: 300 starts first, so its chain is 300 → 301; 301 hangs under the root and
        // 300 under 301.
        let lost = diff.rows.filter { $0.path.last?.name == "lost" }.map { $0.path.map(\.name) }
        #expect(lost.sorted { $0.count < $1.count } == [["root", "lost"], ["root", "lost", "lost"]])
        #expect(diff.rows.filter { $0.path.last?.name == "lost" }.allSatisfy { $0.change == .added && $0.trace.count == 1 })
        // Sorted by time added: the added paths' self times first (hop of b 5 ms), the rest after.
        #expect(diff.rows.first?.path.last == TraceDiff.Step(service: "b", name: "hop"))
    }
}
