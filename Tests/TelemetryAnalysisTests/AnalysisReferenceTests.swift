import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryAnalysis

/// Faster ways to the same answer in the analysis (issue 7), each against the straightforward
/// version it replaced, kept here: the service map finding parents by a backward scan in small
/// traces and peer keys by id, the slowest traces sorting only the candidates, the typical trace
/// picked from a radix order, and metric groups sorted by keys made once. Random snapshots with
/// many equal durations, repeated span ids, traces past the scan limit, cross-service calls and
/// childless client spans naming peers.
@Suite struct AnalysisReferenceTests {
    static func randomSnapshot(seed: UInt64, traceCount: Int) -> Snapshot {
        var g = Generator(state: seed)
        var b = SnapshotBuilder()
        for s in ["a", "b", "c"] { _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(s))])) }
        let t0: Int64 = 1_700_000_000_000_000_000
        var spans: [Span] = []
        var nextID: UInt64 = 1
        for t in 0..<traceCount {
            // Mostly small traces; some past the scan limit (32 spans).
            let size = g.next(8) == 0 ? 33 + g.next(40) : 1 + g.next(6)
            var ids: [UInt64] = []
            let start = t0 + Int64(g.next(1000)) * 1_000_000
            for k in 0..<size {
                // A repeated span id now and then: the last span with it is the parent.
                let id = k > 1 && g.next(10) == 0 ? ids[g.next(ids.count)] : nextID
                nextID += 1
                let parent: UInt64 = k == 0 ? 0 : (g.next(12) == 0 ? 999_999_999 : ids[g.next(ids.count)])
                ids.append(id)
                var attributes: [Attribute] = []
                switch g.next(6) {
                case 0: attributes.append(Attribute(key: "peer.service", value: .string(["redis", "b", "", "pay"][g.next(4)])))
                case 1:
                    attributes.append(Attribute(key: "db.system", value: .string("postgresql")))
                    if g.next(2) == 0 { attributes.append(Attribute(key: "db.name", value: .string("orders"))) }
                case 2: attributes.append(Attribute(key: "server.address", value: .string("10.0.0.\(g.next(3))")))
                case 3: attributes.append(Attribute(key: "net.peer.name", value: .int(Int64(g.next(3)))))
                default: break
                }
                let s = start + Int64(g.next(5)) * 1_000_000
                spans.append(
                    Span(
                        traceID: TraceID(high: 0, low: UInt64(t + 1)), spanID: SpanID(id), parentSpanID: SpanID(parent),
                        name: ["GET /", "op", "q"][k == 0 ? g.next(2) : g.next(3)],
                        kind: [.server, .client, .producer, .internal][g.next(4)],
                        startTimeUnixNano: s, endTimeUnixNano: s + Int64(g.next(4)) * 1_000_000, status: g.next(7) == 0 ? .error : .unset,
                        attributes: attributes, resourceIndex: Int32(g.next(3))))
            }
        }
        b.add(spans)
        return b.finish()
    }

    @Test func serviceMapIsTheSame() {
        for seed in 0..<12 {
            let snap = Self.randomSnapshot(seed: UInt64(seed), traceCount: 40 + 30 * seed)
            let traces = TraceAssembler.assemble(snap)
            let fast = ServiceMap.compute(snap, traces: traces), reference = ServiceMap.referenceCompute(snap, traces: traces)
            #expect(!reference.edges.isEmpty && reference.nodes.contains { $0.isVirtual })
            #expect(fast == reference, "seed \(seed)")
            for i in snap.spans.indices {
                let (a, b) = (ServiceMap.peer(snap.spans, at: i), ServiceMap.referencePeer(snap.spans, at: i))
                #expect(a?.name == b?.name && a?.terms.map(\.0) == b?.terms.map(\.0) && a?.terms.map(\.1) == b?.terms.map(\.1))
            }
        }
    }

    /// Durations of a few distinct values (many ties, broken by trace id) and every limit from
    /// none to more than all traces.
    @Test func slowestAndTypicalTracesAreTheSame() {
        for seed in 0..<12 {
            let snap = Self.randomSnapshot(seed: UInt64(seed) + 100, traceCount: 30 + 60 * seed)
            var traces = TraceAssembler.assemble(snap)
            var g = Generator(state: UInt64(seed))
            // Shuffled, so positions and trace ids disagree.
            for i in traces.indices.reversed() { traces.swapAt(i, g.next(i + 1)) }
            for limit in [0, 1, 2, 5, 20, 50, traces.count - 1, traces.count, traces.count + 5] {
                let fast = TraceAssembler.slowest(traces, limit: limit).map(\.traceID)
                let durations = traces.map(\.durationNanos), ids = traces.map(\.traceID)
                let reference = traces.indices.sorted { a, b in
                    durations[a] != durations[b] ? durations[a] > durations[b] : ids[a] < ids[b]
                }.prefix(limit).map { traces[$0].traceID }
                #expect(fast == reference, "seed \(seed), limit \(limit)")
            }
            let baselines = TraceBaselines(traces)
            var groups: [String: [Int]] = [:]
            for (i, t) in traces.enumerated() { groups[t.rootService + "\u{0}" + t.rootName, default: []].append(i) }
            #expect(groups.values.contains { $0.count > 2 })
            for members in groups.values {
                let sorted = members.sorted { a, b in
                    let (da, db) = (traces[a].durationNanos, traces[b].durationNanos)
                    return da != db ? da < db : traces[a].traceID < traces[b].traceID
                }
                let typical = sorted[Percentile.p50.rank(of: sorted.count) - 1]
                for m in members {
                    #expect(baselines.operationCount(of: traces[m]) == members.count)
                    #expect(baselines.baselineIndex(of: traces[m], in: traces) == (m == typical ? nil : typical), "seed \(seed)")
                }
            }
        }
    }

    /// Metric groups sort by keys made once per group (issue 7); the comparison before built
    /// them in every comparison. Random series with equal names, starts and labels across
    /// services and instances: the groups come out in the order the old comparison gives (it
    /// leaves them unchanged, so they are sorted by it), and each series is in one group.
    @Test func metricGroupsSortAsTheComparisonBefore() {
        for seed in 0..<6 {
            var g = Generator(state: UInt64(seed) + 500)
            var b = SnapshotBuilder()
            var resources: [Int32] = []
            for r in 0..<4 {
                resources.append(
                    b.intern(
                        Resource(attributes: [
                            Attribute(key: "service.name", value: .string(["a", "b"][r % 2])),
                            Attribute(key: "service.instance.id", value: .string("i\(r)")),
                        ])))
            }
            for _ in 0..<(30 + 20 * seed) {
                var attributes: [Attribute] = []
                if g.next(2) == 0 { attributes.append(Attribute(key: "type", value: .string(["user", "system"][g.next(2)]))) }
                if g.next(3) == 0 { attributes.append(Attribute(key: "area", value: .string(["heap", "stack", "x"][g.next(3)]))) }
                let start = Int64(g.next(3)) * 60_000_000_000
                b.add(
                    MetricSeries(
                        name: "m", kind: .gauge, resourceIndex: resources[g.next(4)], attributes: attributes,
                        points: .number([NumberPoint(startTimeUnixNano: start, timeUnixNano: start + 1_000_000_000, value: 1)])))
            }
            let snap = b.finish()
            let groups = MetricSelection.group(snap.metrics, in: snap)
            // (The builder joins series of the same identity.)
            #expect(groups.count > 4 && groups.reduce(0) { $0 + $1.series.count } == snap.metrics.count)
            let before = groups.sorted { a, b in
                let (x, y) = (MetricSelection.seriesName(a.labels, fallback: ""), MetricSelection.seriesName(b.labels, fallback: ""))
                if x != y { return x < y }
                if a.startSeconds != b.startSeconds { return a.startSeconds < b.startSeconds }
                return a.labels.sorted(by: <).description + a.instance < b.labels.sorted(by: <).description + b.instance
            }
            let describe = { (list: [MetricSelection.Group]) in list.map { "\($0.labels.sorted(by: <)) \($0.instance) \($0.startSeconds)" }
            }
            #expect(describe(groups) == describe(before), "seed \(seed)")
        }
    }

    /// The labels' text the groups are ordered by is the sorted pairs' `description`, written
    /// without it: for no labels, one, several, and keys and values with quotes, backslashes,
    /// controls, a NUL, tabs, non-ASCII, emoji and a lone combining mark.
    @Test func labelsTextIsTheSortedPairsDescription() {
        let strings = [
            "", "a", "user", "\"q\"", "back\\slash", "tab\tnew\nline\r", "\u{0}", "\u{7}\u{1B}", "café", "日本", "😀", "\u{301}", "a b",
        ]
        var g = SplitMix64(seed: 9)
        var cases: [[String: String]] = [[:]]
        for _ in 0..<300 {
            var labels: [String: String] = [:]
            for _ in 0..<Int(g.next() % 5) { labels[strings[Int(g.next() % 13)]] = strings[Int(g.next() % 13)] }
            cases.append(labels)
        }
        for labels in cases {
            #expect(MetricSelection.labelsText(labels) == labels.sorted(by: <).description, "\(labels)")
        }
    }
}

extension ServiceMap {
    static func referencePeer(_ spans: SpanTable, at i: Int) -> (name: String, terms: [(String, AttributeValue)])? {
        func value(_ key: String) -> AttributeValue? {
            guard let v = spans.attribute(key, at: i), !v.displayText.isEmpty else { return nil }
            return v
        }
        if let p = value("peer.service") { return (p.displayText, [("peer.service", p)]) }
        if let db = value("db.system") {
            if let name = value("db.name") { return (db.displayText + "/" + name.displayText, [("db.system", db), ("db.name", name)]) }
            return (db.displayText, [("db.system", db)])
        }
        if let a = value("server.address") { return (a.displayText, [("server.address", a)]) }
        if let a = value("net.peer.name") { return (a.displayText, [("net.peer.name", a)]) }
        return nil
    }

    static func referenceCompute(_ snapshot: Snapshot, traces: [TraceSummary]) -> ServiceMap {
        let spans = snapshot.spans
        let index = ServiceIndex(snapshot)
        var spanCounts = [Int](repeating: 0, count: index.count)
        var errorCounts = [Int](repeating: 0, count: index.count)
        for i in spans.indices {
            let s = index.id(ofResource: spans.resourceIndexes[i])
            spanCounts[s] += 1
            if spans.isError(at: i) { errorCounts[s] += 1 }
        }
        struct EdgeKey: Hashable {
            var source: String
            var target: String
        }
        var durations: [EdgeKey: [Int64]] = [:]
        var errors: [EdgeKey: Int] = [:]
        var peers: [String: (calls: Int, errors: Int)] = [:]
        var peerFilters: [String: String] = [:]
        var hasChild = [Bool](repeating: false, count: spans.count)
        // Calls between instrumented services are gathered by service ids (an integer key per
        // span rather than two names hashed), then named once per edge below.
        let serviceCount = index.count
        var idDurations: [Int: [Int64]] = [:]
        var idErrors: [Int: Int] = [:]
        var byID: [SpanID: Int] = [:]
        for t in traces {
            byID.removeAll(keepingCapacity: true)
            for i in t.spanRange { byID[spans.spanIDs[i]] = i }
            for i in t.spanRange {
                let parentID = spans.parentSpanIDs[i]
                guard !parentID.isNone, let p = byID[parentID], p != i else { continue }
                hasChild[p] = true
                let ps = index.id(ofResource: spans.resourceIndexes[p]), cs = index.id(ofResource: spans.resourceIndexes[i])
                guard ps != cs else { continue }
                let key = ps * serviceCount + cs
                idDurations[key, default: []].append(spans.durationNanos(at: i))
                if spans.isError(at: i) { idErrors[key, default: 0] += 1 }
            }
        }
        for (key, values) in idDurations {
            let edge = EdgeKey(source: index.names[key / serviceCount], target: index.names[key % serviceCount])
            durations[edge, default: []] += values
            if let e = idErrors[key] { errors[edge, default: 0] += e }
        }
        let serviceNames = Set(index.names.indices.filter { spanCounts[$0] > 0 }.map { index.names[$0] })
        for i in spans.indices where !hasChild[i] && (spans.kinds[i] == .client || spans.kinds[i] == .producer) {
            guard let (peer, terms) = referencePeer(spans, at: i) else { continue }
            let source = index.names[index.id(ofResource: spans.resourceIndexes[i])]
            if peer == source { continue }
            let key = EdgeKey(source: source, target: peer)
            durations[key, default: []].append(spans.durationNanos(at: i))
            if spans.isError(at: i) { errors[key, default: 0] += 1 }
            if !serviceNames.contains(peer) {
                if peerFilters[peer] == nil {
                    peerFilters[peer] = (["service=" + FilterText.quoted(source)] + terms.compactMap { FilterText.equals($0.0, $0.1) })
                        .joined(separator: " ")
                }
                peers[peer, default: (0, 0)].calls += 1
                if spans.isError(at: i) { peers[peer, default: (0, 0)].errors += 1 }
            }
        }
        var nodes = index.names.indices.filter { spanCounts[$0] > 0 }.map {
            Node(name: index.names[$0], isVirtual: false, spanCount: spanCounts[$0], errorCount: errorCounts[$0])
        }
        nodes += peers.map { Node(name: $0.key, isVirtual: true, spanCount: $0.value.calls, errorCount: $0.value.errors) }
        nodes.sort { $0.name < $1.name }
        let edges = durations.map { key, values -> Edge in
            let sorted = RadixSort.sorted(values)
            return Edge(
                source: key.source, target: key.target, calls: sorted.count, errors: errors[key] ?? 0,
                p50Nanos: Percentile.p50.of(sorted: sorted)!, p99Nanos: Percentile.p99.of(sorted: sorted)!)
        }.sorted { $0.source != $1.source ? $0.source < $1.source : $0.target < $1.target }
        return ServiceMap(nodes: nodes, edges: edges, peerFilters: peerFilters)
    }
}
