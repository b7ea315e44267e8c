import Foundation
import HTMLValidation
import TelemetryAnalysis
import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// `traces.html`: the table without JavaScript, its bounds, the percentile rank, the embedded
/// data the script reads, and which pages carry the script.
@Suite struct TracesPageTests {
    /// One single-span trace per duration (ms), all rooted in `service`/`name`.
    static func snapshot(
        _ groups: [(service: String, name: String, durationsMs: [Int64])],
        attributes: [Attribute] = []
    ) -> Snapshot {
        var b = SnapshotBuilder()
        var resources: [String: Int32] = [:]
        var spans: [Span] = []
        var trace: UInt64 = 0
        for g in groups {
            let r = resources[g.service] ?? b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(g.service))]))
            resources[g.service] = r
            for d in g.durationsMs {
                trace += 1
                spans.append(
                    Fixtures.span(
                        trace, trace, name: g.name, startMs: Int64(trace) * 10, durationMicros: d * 1000,
                        resource: r, error: d == 7, attributes: attributes))
            }
        }
        b.add(spans)
        return b.finish()
    }

    static func render(_ snapshot: Snapshot, layout: ReportOptions.Layout = .site, tableLimit: Int = 2000) throws -> [RenderedFile] {
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let options = ReportOptions(
            title: "Fixture report", generatedAtNanos: Fixtures.generatedAt, layout: layout,
            waterfallCount: 2, traceTableLimit: tableLimit)
        return try ReportBuilder(analysis: analysis, options: options).render()
    }

    static func tracesPage(_ files: [RenderedFile]) throws -> String {
        try #require(files.first { $0.path == "traces.html" }).contents
    }

    /// The text of the embedded data script.
    static func embeddedJSON(_ page: String) throws -> String {
        let open = try #require(page.range(of: "<script type=\"application/json\" id=\"trace-data\">"))
        let close = try #require(page.range(of: "</script>", range: open.upperBound..<page.endIndex))
        return String(page[open.upperBound..<close.lowerBound])
    }

    /// The embedded data (version 3) decoded: the JSON object, the records' ids and columns, and
    /// the span columns (resource, name, status×8+kind, parent, startNs, durationNs, attribute
    /// count) with every span's pair indexes.
    struct Decoded {
        var object: [String: Any]
        var ids: [String]
        var records: [[Int64]]
        var spans: [[Int64]]
        var pairsOfSpan: [[Int64]]
    }

    static func decode(_ json: String) throws -> Decoded {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let r = try #require(object["records"] as? Int), n = try #require(object["spanCount"] as? Int)
        let traceText = try #require(object["traceColumns"] as? String), spanText = try #require(object["spanColumns"] as? String)
        let t = Array(try #require(Data(base64Encoded: traceText)))
        let ids = (0..<r).map { k in t[(k * 16)..<(k * 16 + 16)].map { String(format: "%02x", $0) }.joined() }
        var at = r * 16
        let recordColumns = [false, true, false, false].map { VarintColumn.decode(t, from: &at, count: r, signed: $0) }
        #expect(at == t.count)
        // Records as [startMs, durationNs, spans, errors, rank, root service, root name, service set].
        let shapes = try #require(object["shapes"] as? [[Int]])
        let records: [[Int64]] = (0..<r).map { k in
            let shape = shapes[Int(recordColumns[3][k])].map(Int64.init)
            return [recordColumns[0][k], recordColumns[1][k], shape[3], shape[4], recordColumns[2][k], shape[0], shape[1], shape[2]]
        }
        let c = Array(try #require(Data(base64Encoded: spanText)))
        at = 0
        let spanColumns = (0..<7).map { _ in VarintColumn.decode(c, from: &at, count: n) }
        var pairsOfSpan: [[Int64]] = []
        for count in spanColumns[6] { pairsOfSpan.append(VarintColumn.decode(c, from: &at, count: Int(count))) }
        #expect(at == c.count)
        return Decoded(
            object: object, ids: ids, records: records,
            spans: (0..<n).map { k in spanColumns.map { $0[k] } }, pairsOfSpan: pairsOfSpan)
    }

    @Test func varintColumnsZigzagSmallNumbersIntoFewBytes() {
        var column = VarintColumn(signed: true)
        for v: Int64 in [0, -1, 1, 63, -64, 64, 300, Int64.max, Int64.min] { column.append(v) }
        // 0→0, −1→1, 1→2, 63→126, −64→127, 64→128 (two bytes), 300→600 = 0xd8 0x04.
        #expect(Array(column.bytes.prefix(10)) == [0, 1, 2, 126, 127, 0x80, 0x01, 0xd8, 0x04, 0xfe])
        var at = 0
        #expect(VarintColumn.decode(column.bytes, from: &at, count: 9, signed: true) == [0, -1, 1, 63, -64, 64, 300, Int64.max, Int64.min])
        #expect(at == column.count)
        // Unsigned: 127 in one byte, 128 in two (0x80 0x01), 300 = 0xac 0x02.
        var plain = VarintColumn()
        for v: Int64 in [0, 127, 128, 300, 30_000_000] { plain.append(v) }
        #expect(plain.bytes == [0, 127, 0x80, 0x01, 0xac, 0x02, 0x80, 0x87, 0xa7, 0x0e])
        at = 0
        #expect(VarintColumn.decode(plain.bytes, from: &at, count: 5) == [0, 127, 128, 300, 30_000_000])
    }

    /// The span loop's raw-pointer column writes what `VarintColumn` writes, past its first
    /// buffer's 4 KiB; its id buffer gives back what was appended, past its first capacity.
    @Test func varintBufferWritesWhatTheColumnWrites() {
        var rng = SplitMix64(seed: 11)
        for signed in [false, true] {
            var column = VarintColumn(signed: signed)
            var buffer = VarintBuffer(signed: signed)
            for _ in 0..<5000 {
                // Every length from one byte to ten: the value's bits cut at a random width.
                let v = Int64(bitPattern: rng.next() >> (rng.next() % 64))
                column.append(v)
                buffer.append(v)
            }
            #expect(buffer.count == column.count)
            #expect(buffer.column().bytes == column.bytes)
            #expect(buffer.column().signed == signed)
        }
        var ids = AppendBuffer<Int32>(capacity: 3)
        let values = (0..<5000).map { _ in Int32(truncatingIfNeeded: rng.next()) }
        for v in values { ids.append(v) }
        #expect(ids.count == values.count)
        #expect(ids.array() == values)
    }

    @Test func embeddedDataCarriesParentsAndStartOffsetsForTheWaterfall() throws {
        // Trace 1: GET / (0–120.5 ms) with a child at 10 ms; trace 2: a root, its child, and an
        // orphan whose parent is missing (it hangs under the root, flagged).
        var b = SnapshotBuilder()
        let r = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("frontend"))]))
        b.add([
            Fixtures.span(1, 1, name: "GET /", startMs: 0, durationMicros: 120_500, resource: r),
            Fixtures.span(1, 2, parent: 1, name: "load", startMs: 10, durationMicros: 100_250, resource: r, error: true),
            Fixtures.span(2, 3, name: "GET /", startMs: 1000, durationMicros: 20_000, resource: r),
            Fixtures.span(2, 4, parent: 3, name: "load", startMs: 1002, durationMicros: 5_000, resource: r),
            Fixtures.span(2, 5, parent: 99, name: "lost", startMs: 1003, durationMicros: 1_000, resource: r),
        ])
        let snapshot = b.finish()
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: 2).map { (trace: $0, rank: 100) }
        let data = TraceTableData(traces: ordered, listed: 2, summary: nil, snapshot: snapshot)
        let d = try Self.decode(data.json())
        let strings = try #require(d.object["strings"] as? [String])
        let getRoot = Int64(try #require(strings.firstIndex(of: "GET /"))), load = Int64(try #require(strings.firstIndex(of: "load")))
        let lost = Int64(try #require(strings.firstIndex(of: "lost")))
        #expect(d.ids == ["0000000000000abc0000000000000001", "0000000000000abc0000000000000002"])
        // startMs (from the origin), durationNs, spans, errors, rank, root service, root name, service set.
        let frontend = Int64(try #require(strings.firstIndex(of: "frontend")))
        #expect(d.records == [[0, 120_500_000, 2, 1, 100, frontend, getRoot, 0], [1000, 20_000_000, 3, 0, 100, frontend, getRoot, 0]])
        #expect(d.object["originMs"] as? Int == Int(Fixtures.t0 / 1_000_000))
        // resource, name, status×8+kind (server 2, internal 1; error 2), parent, startNs, durationNs, attributes.
        #expect(
            d.spans == [
                [0, getRoot, 2, 0, 0, 120_500_000, 0],
                [0, load, 17, 1, 10_000_000, 100_250_000, 0],
                [0, getRoot, 2, 0, 0, 20_000_000, 0],
                [0, load, 1, 1, 2_000_000, 5_000_000, 0],
                [0, lost, 1, 2, 3_000_000, 1_000_000, 0],  // 1 + 2×0 (under the root) + 1 (orphan)
            ])
        #expect(data.searchableCount == 2 && data.spanCount == 5)
    }

    @Test func errorTracesAndTheSlowestOfEachRootOperationGetWaterfallPages() throws {
        // Traces 1–4: GET / of 100, 90, 7 (the error) and 80 ms; traces 5–6: load of 5 and 3 ms.
        // --top 2 gives 1 and 2; the error trace 3 and load's slowest, 5, are added; then the
        // typical traces they are diffed against: GET /'s durations sorted 7, 80, 90, 100 give
        // rank ⌈0.5·4⌉ = 2, trace 4; load's 3, 5 give rank 1, trace 6.
        let files = try Self.render(Self.snapshot([("frontend", "GET /", [100, 90, 7, 80]), ("backend", "load", [5, 3])]))
        let pages = Set(files.map(\.path).filter { $0.hasPrefix("traces/") })
        let expected = Set([1, 2, 3, 5, 4, 6].map { "traces/" + TraceID(high: 0xabc, low: UInt64($0)).hex + ".html" })
        #expect(pages == expected)
        // Every listed error trace links to its page.
        let page = try Self.tracesPage(files)
        #expect(page.contains("href=\"traces/\(TraceID(high: 0xabc, low: 3).hex).html\""))
    }

    @Test func theFastestOfOverAHundredIsBelowOnePercentNotP0() throws {
        // 150 traces of 1…150 ms in one operation: the 1 ms one has c = 1, ⌊100·1/150⌋ = 0.
        #expect(RootOperationPercentiles.label(0) == "p<1")
        #expect(RootOperationPercentiles.label(1) == "p1")
        let page = try Self.tracesPage(try Self.render(Self.snapshot([("frontend", "GET /", Array(1...150))])))
        #expect(page.contains(">p&lt;1<"))
        #expect(!page.contains(">p0<"))
    }

    @Test func theExtraWaterfallsAreBounded() {
        // 300 error traces of 7 ms, each its own root operation: 200 error traces and 200
        // operations' slowest are proposed, ties to the smaller trace id (traces 1–200 twice).
        let snapshot = Self.snapshot((1...300).map { (service: "svc", name: "op\($0)", durationsMs: [Int64(7)]) })
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let extra = RenderContext.extraWaterfalls(analysis.traces, baselines: analysis.baselines)
        #expect(extra.count == RenderContext.errorWaterfallLimit + RenderContext.operationWaterfallLimit)
        #expect(Set(extra.map(\.traceID)) == Set((1...200).map { TraceID(high: 0xabc, low: UInt64($0)) }))
    }

    @Test func theSlowestOfEachRootOperationIsTakenByItsPairEvenWhenTheJoinedTextsAreEqual() {
        // ("a\0b", "c") and ("a", "b\0c") are two operations, though joined by NUL they read
        // alike (the baselines and breakdowns once merged them): each has its slowest trace
        // (traces 1 and 2), and ("x", "y") its own (trace 4), slowest first.
        let snapshot = Self.snapshot([("a\u{0}b", "c", [5]), ("a", "b\u{0}c", [9]), ("x", "y", [3, 4])])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let extra = RenderContext.extraWaterfalls(analysis.traces, baselines: analysis.baselines)
        #expect(extra.map(\.traceID.low) == [2, 1, 4])
    }

    @Test func percentileRankCountsTracesAtMostAsSlowInTheSameRootOperation() throws {
        // GET /: 10, 20, 20, 40 ms (n = 4); GET /b: 5 ms alone; backend load: 1..100 ms.
        let snapshot = Self.snapshot([
            ("frontend", "GET /", [10, 20, 20, 40]), ("frontend", "GET /b", [5]), ("backend", "load", Array(1...100)),
        ])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ranks = RootOperationPercentiles(analysis.traces)
        func rank(_ service: String, _ name: String, _ ms: Int64) throws -> Int {
            let t = try #require(
                analysis.traces.first { $0.rootService == service && $0.rootName == name && $0.durationNanos == ms * 1_000_000 })
            return ranks.rank(of: t)
        }
        #expect(try rank("frontend", "GET /", 10) == 25)  // c = 1: ⌊100·1/4⌋
        #expect(try rank("frontend", "GET /", 20) == 75)  // ties count: c = 3
        #expect(try rank("frontend", "GET /", 40) == 100)
        #expect(try rank("frontend", "GET /b", 5) == 100)  // alone in its operation
        #expect(try rank("backend", "load", 1) == 1)
        #expect(try rank("backend", "load", 97) == 97)  // the value at rank ⌈0.97·100⌉ = 97 is 97 ms
        #expect(try rank("backend", "load", 100) == 100)
        // The ranks by position (what the trace table's records read) are those by trace.
        #expect(analysis.traces.indices.map { ranks.rank(atPosition: $0) } == analysis.traces.map { ranks.rank(of: $0) })
        #expect(RootOperationPercentiles.countAtMost(20, in: [10, 20, 20, 40]) == 3)
        #expect(RootOperationPercentiles.countAtMost(9, in: [10, 20]) == 0)
        // A group's durations are a slice of one array, its indices not from 0.
        let all: [Int64] = [5, 10, 20, 20, 40, 1]
        #expect(RootOperationPercentiles.countAtMost(20, in: all[1..<5]) == 3)
        #expect(RootOperationPercentiles.countAtMost(40, in: all[1..<5]) == 4)
        #expect(RootOperationPercentiles.countAtMost(9, in: all[1..<5]) == 0)
        #expect(RootOperationPercentiles.label(97) == "p97")
    }

    /// Operations of hundreds of traces (past the radix sort's 256) with many ties: the ranks by
    /// position, read off runs of equal durations, are those a binary search per trace gives.
    @Test func percentileRanksOfLargeOperationsWithTiesAreThoseOfASearch() {
        var g = SplitMix64(seed: 7)
        let tied = (0..<600).map { _ in Int64(g.next() % 40) + 1 }
        let distinct = (0..<300).map { Int64($0) * 3 + 1 }.shuffled(using: &g)
        let snapshot = Self.snapshot([("frontend", "GET /", tied), ("backend", "load", distinct), ("x", "y", [5, 5, 5])])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ranks = RootOperationPercentiles(analysis.traces)
        let byPosition = analysis.traces.indices.map { ranks.rank(atPosition: $0) }
        #expect(byPosition == analysis.traces.map { ranks.rank(of: $0) })
        // By the definition: ⌊100 · c / n⌋ with c the operation's traces at most as slow.
        let expected = analysis.traces.map { t in
            let same = analysis.traces.filter { $0.rootService == t.rootService && $0.rootName == t.rootName }
            return 100 * same.filter { $0.durationNanos <= t.durationNanos }.count / same.count
        }
        #expect(byPosition == expected)
        // Three equal traces are each at most as slow as all three.
        #expect(analysis.traces.indices.filter { analysis.traces[$0].rootService == "x" }.map { byPosition[$0] } == [100, 100, 100])
    }

    @Test func tableIsSortedSlowestFirstAndStatesWhatIsLeftOut() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [10, 20, 20, 40, 7]), ("backend", "load", [1, 2, 3, 300])])
        let page = try Self.tracesPage(try Self.render(snapshot, tableLimit: 4))
        #expect(page.contains("The 4 slowest of 9 traces; 5 faster ones are left out"))
        let rows = page.components(separatedBy: "<tr data-row=\"").dropFirst().map { String($0.prefix(while: { $0 != "\"" })) }
        #expect(rows == ["0", "1", "2", "3"])
        // Durations in table order, and the rank column beside them.
        let table = try #require(page.components(separatedBy: "class=\"tx-table\"").last)
        let durations = ["300 ms", "40.0 ms", "20.0 ms", "20.0 ms"].compactMap {
            table.range(of: "<td class=\"num\">\($0)</td>")?.lowerBound
        }
        #expect(durations.count == 4 && durations == durations.sorted())
        #expect(table.contains("<td class=\"num\">300 ms</td><td class=\"num\">p100</td>"))
        #expect(table.contains("<td class=\"num\">20.0 ms</td><td class=\"num\">p80</td>"))  // 7,10,20,20 of 5 ≤ 20
        #expect(page.contains("<th scope=\"col\" class=\"num\" data-sort=\"duration\" aria-sort=\"descending\">Duration</th>"))
    }

    @Test func perServiceListsReachSlowTracesTheCutTableLeavesOut() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", Array(100...130)), ("quiet", "job", [1, 2, 3])])
        let page = try Self.tracesPage(try Self.render(snapshot, tableLimit: 5))
        let section = try #require(page.components(separatedBy: "id=\"by-service\"").last)
        #expect(section.contains("<section id=\"service-0\" aria-label=\"frontend\" class=\"svc-list\">"))
        #expect(section.contains("<section id=\"service-1\" aria-label=\"quiet\" class=\"svc-list\">"))
        #expect(section.contains("The 20 slowest of 31 traces rooted in frontend."))
        #expect(section.contains("All 3 traces rooted in quiet, slowest first."))
        #expect(section.contains("<td class=\"num\">3.00 ms</td>"))
        #expect(page.contains("<a href=\"#service-1\">quiet</a>"))
    }

    @Test func controlsAreHiddenWithoutJavaScriptAndHaveNoInlineHandlers() throws {
        let page = try Self.tracesPage(try Self.render(Fixtures.small()))
        #expect(page.contains("<form class=\"tx-controls\" hidden=\"hidden\" role=\"search\""))
        #expect(page.contains("<div class=\"trace-explorer\" data-source=\"trace-data\">"))
        #expect(page.contains("<section id=\"table\" aria-label=\"All traces by duration\">"))
        #expect(page.contains("data-service=\"backend\" aria-pressed=\"false\">backend (2)</button>"))
        #expect(page.contains("<p class=\"tx-count\" data-role=\"count\" aria-live=\"polite\">3 of 3 traces</p>"))
        #expect(page.range(of: #" on[a-z]+=""#, options: .regularExpression) == nil)
        #expect(page.contains("<script>//<![CDATA[\n"))
        #expect(page.contains("<ul class=\"chart-legend\"><li class=\"s0\"><span class=\"swatch\" aria-hidden=\"true\"></span>ok</li>"))
        #expect(
            HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)]).filter {
                $0.rule != ValidationRule.brokenLink.rawValue
            } == [])
    }

    @Test func onlyTheTracesPageCarriesTheScript() throws {
        for file in try Self.render(Fixtures.small()) where file.path.hasSuffix(".html") {
            let hasScript = file.contents.contains("<script>")
            #expect(hasScript == (file.path == "traces.html"), "\(file.path)")
        }
        let single = try #require(try Self.render(Fixtures.small(), layout: .singleFile).first)
        #expect(single.contents.contains("data-source=\"traces--trace-data\""))
        #expect(single.contents.contains("<script type=\"application/json\" id=\"traces--trace-data\">"))
    }

    @Test func scriptTextIsSafeInsideCDATAAndTemplates() throws {
        for name in ["static/filter-language.js", "static/trace-explorer.js"] {
            let script = try #require(EmbeddedResources.files[name])
            for forbidden in ["]]>", "</", "{{", "}}"] {
                #expect(!script.contains(forbidden), "\(name) contains \(forbidden)")
            }
        }
    }

    @Test func embeddedDataHoldsSpansWithBoundedAttributeValues() throws {
        let long = String(repeating: "y", count: 201)
        let snapshot = Self.snapshot(
            [("frontend", "GET /", [30, 10])],
            attributes: [
                Attribute(key: "app.cache_hit", value: .bool(false)), Attribute(key: "n", value: .int(1200)),
                Attribute(key: "big", value: .int(9_007_199_254_740_993)), Attribute(key: "ratio", value: .double(.nan)),
                Attribute(key: "list", value: .array([.int(1), .string("a")])), Attribute(key: "long", value: .string(long)),
                Attribute(key: "edge", value: .string(String(repeating: "z", count: 200))),
                Attribute(key: "brace", value: .string("{{title}}")),
            ])
        let json = try Self.embeddedJSON(try Self.tracesPage(try Self.render(snapshot)))
        #expect(!json.contains("{{") && !json.contains("}}"))
        let d = try Self.decode(json)
        let strings = try #require(d.object["strings"] as? [String])
        let frontend = Int64(try #require(strings.firstIndex(of: "frontend"))),
            getRoot = Int64(try #require(strings.firstIndex(of: "GET /")))
        #expect(d.records.count == 2)
        #expect(d.ids[0] == "0000000000000abc0000000000000001")
        #expect(d.records[0] == [0, 30_000_000, 1, 0, 100, frontend, getRoot, 0])
        #expect(d.spans[0] == [0, getRoot, 2, 0, 0, 30_000_000, 8])  // resource, name, unset/server, root, start, ns, 8 attributes
        let pairs = try #require(d.object["pairs"] as? [[Any]])
        // Both spans have the same attributes: the same 8 pairs, stored once.
        #expect(pairs.count == 8 && d.pairsOfSpan[0] == Array(0..<8) && d.pairsOfSpan[1] == Array(0..<8), "\(d.pairsOfSpan)")
        func value(_ key: String) throws -> (typed: Bool, value: Any) {
            let k = try #require(strings.firstIndex(of: key))
            let pair = try #require(pairs.first { $0[0] as? Int == k || $0[0] as? Int == -1 - k })
            return (pair[0] as? Int == -1 - k, pair[1])
        }
        #expect(try value("app.cache_hit").value as? Bool == false)
        #expect(try value("n").value as? Int == 1200)
        #expect(try value("big").value as? String == "i9007199254740993")
        #expect(try value("big").typed)
        #expect(try value("ratio").value as? String == "fNaN")
        #expect(try value("list").value as? String == "t[1, \"a\"]")
        #expect(try value("long").value is NSNull)
        // Strings are indexes into `strings` (typed key), so repeated values are written once.
        let edge = try value("edge")
        #expect(edge.typed && (edge.value as? Int).map { strings[$0] } == String(repeating: "z", count: 200))
        #expect((try value("brace").value as? Int).map { strings[$0] } == "{{title}}")
    }

    @Test func spanDataStopsAtItsByteBudgetWholeTracesAtATime() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [30, 20, 10])])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: 3).map { (trace: $0, rank: 100) }
        func searchable(budget: Int) throws -> Int {
            let data = TraceTableData(traces: ordered, listed: 3, summary: nil, snapshot: snapshot, byteBudget: budget)
            let d = try Self.decode(data.json())
            #expect(d.object["searchable"] as? Int == data.searchableCount)
            #expect(d.spans.count == data.searchableCount)  // one span per trace here
            #expect(d.records.count == (budget >= 1_136 ? 3 : data.recordCount))  // records first
            return data.searchableCount
        }
        #expect(try searchable(budget: TraceTableData.byteBudget) == 3)
        #expect(try searchable(budget: 0) == 0)
        // Records and strings count first: base64 of 3 × 23 bytes (16 of id; varints 1 start,
        // 4 duration (zigzag), 1 rank, 1 shape) = 92, the strings "frontend" and "GET /" 19, the
        // service set `[0]` 4, the shape `[0,1,0,1,0]` 12, the colour `[0,"c9"]` 9, and 1,000 of
        // allowance: 1,136. The first trace adds base64 of its 10 span bytes (16), its resource
        // row `[0,-3,0]` (9) and the string "service.name" (15): 1,176; each next one base64 of
        // 10 more bytes (12).
        #expect(try searchable(budget: 1_175) == 0)
        #expect(try searchable(budget: 1_176) == 1)
        #expect(try searchable(budget: 1_187) == 1)
        #expect(try searchable(budget: 1_188) == 2)
        #expect(try searchable(budget: 1_199) == 2)
        #expect(try searchable(budget: 1_200) == 3)
    }

    @Test func recordsStopAtTheByteBudgetToo() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [30, 20, 10])])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: 3).map { (trace: $0, rank: 100) }
        // Records alone cost 1,044 (strings, service set, shape, colour and the allowance) plus
        // base64 of 23 bytes each: 1,076 for one, 1,108 for two, 1,136 for three.
        func records(budget: Int) -> (Int, Int) {
            let data = TraceTableData(traces: ordered, listed: 3, summary: nil, snapshot: snapshot, byteBudget: budget)
            #expect(data.json().utf8.count <= budget)
            return (data.recordCount, data.searchableCount)
        }
        #expect(records(budget: 1_136) == (3, 0))
        #expect(records(budget: 1_135) == (2, 0))
        #expect(records(budget: 1_108) == (2, 0))
        #expect(records(budget: 1_107) == (1, 0))
        #expect(records(budget: 1_050) == (0, 0))
    }

    @Test func resourcesOfTracesLeftWithoutSpansAreNotEmbedded() throws {
        let snapshot = Self.snapshot(
            [("frontend", "GET /", [30]), ("backend", "rare", [10])],
            attributes: [Attribute(key: "only.in.spans", value: .string("v"))])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: 2).map { (trace: $0, rank: 100) }
        let full = TraceTableData(traces: ordered, listed: 2, summary: nil, snapshot: snapshot)
        #expect(full.searchableCount == 2)
        // The smallest budget that holds both records and the first trace's spans holds no more.
        let budget = try #require(
            (0..<5_000).first {
                let data = TraceTableData(traces: ordered, listed: 2, summary: nil, snapshot: snapshot, byteBudget: $0)
                return data.searchableCount == 1 && data.recordCount == 2
            })
        let one = TraceTableData(traces: ordered, listed: 2, summary: nil, snapshot: snapshot, byteBudget: budget)
        #expect(one.searchableCount == 1)
        let d = try Self.decode(one.json())
        #expect((d.object["resources"] as? [Any])?.count == 1)
        #expect((d.object["pairs"] as? [Any])?.count == 1)
        // The second trace's record still names its root service and operation.
        #expect((d.object["strings"] as? [String]) == ["frontend", "GET /", "backend", "rare", "service.name", "only.in.spans", "v"])
    }

    @Test func pageStaysBoundedForManyTraces() throws {
        let many = Self.snapshot(
            [("frontend", "GET /", (1...6000).map { Int64($0 % 997 + 1) })],
            attributes: [Attribute(key: "app.products.count", value: .int(1200))])
        let page = try Self.tracesPage(try Self.render(many))
        #expect(page.components(separatedBy: "<tr data-row=").count - 1 == 2000)
        #expect(page.utf8.count < 3_000_000, "traces.html is \(page.utf8.count) bytes")
        #expect(page.contains("The 2,000 slowest of 6,000 traces; 4,000 faster ones are left out"))
    }

    /// Circles of the scatter: (data-i, title text), in document order.
    static func scatterPoints(_ page: String) throws -> [(index: Int?, title: String)] {
        let regex = try Regex(#"<circle class="mark[^"]*"[^>]*?(?: data-i="(\d+)")?><title>([^<]*)</title>"#)
        return page.matches(of: regex).map { m in
            (m.output[1].substring.flatMap { Int($0) }, String(m.output[2].substring ?? ""))
        }
    }

    @Test func embeddedDataHoldsEveryTraceBeyondTheListedRows() throws {
        // 30 traces of 1…30 ms, the one of 7 ms with an error; the table lists the 10 slowest.
        let snapshot = Self.snapshot([("frontend", "GET /", Array(1...30))])
        let page = try Self.tracesPage(try Self.render(snapshot, tableLimit: 10))
        #expect(page.components(separatedBy: "<tr data-row=").count - 1 == 10)
        let d = try Self.decode(try Self.embeddedJSON(page))
        let object = d.object
        #expect(object["version"] as? Int == 3)
        #expect(object["listed"] as? Int == 10)
        #expect(d.records.map { $0[1] } == (1...30).reversed().map { Int64($0) * 1_000_000 })
        // Every trace searchable: spans embedded for all 30.
        #expect(object["searchable"] as? Int == 30)
        // All traces: 30, one with errors; nearest rank p50 = 15th, p95 = 29th (⌈28.5⌉), p99 = 30th (⌈29.7⌉).
        #expect(object["all"] as? [Int] == [30, 1, 15_000_000, 29_000_000, 30_000_000, 30_000_000])
    }

    @Test func recordsStopAtTheirLimitWhileAllTracesStayCounted() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [50, 40, 30, 20, 10])])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let slowest = TraceAssembler.slowest(analysis.traces, limit: 5)
        let ordered = slowest.map { (trace: $0, rank: 100) }
        let data = TraceTableData(traces: ordered, listed: 4, summary: TraceSetSummary(slowest), snapshot: snapshot, recordLimit: 3)
        #expect(data.recordCount == 3)
        let d = try Self.decode(data.json())
        let object = d.object
        #expect(d.records.count == 3)
        #expect(object["listed"] as? Int == 3)
        // n = 5: p50 at rank 3 (30 ms), p95 and p99 at rank 5 (50 ms).
        #expect(object["all"] as? [Int] == [5, 0, 30_000_000, 50_000_000, 50_000_000, 50_000_000])
    }

    @Test func scatterPointsNameTheirTraceRecord() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [12, 250, 40]), ("backend", "load", [7])])
        let page = try Self.tracesPage(try Self.render(snapshot))
        let points = try Self.scatterPoints(page)
        #expect(points.count == 4)
        // Records are slowest first: 250, 40, 12, 7 ms; each point's title names its duration.
        let byIndex = Dictionary(uniqueKeysWithValues: points.compactMap { p in p.index.map { ($0, p.title) } })
        #expect(byIndex.count == 4)
        for (i, ms) in ["250 ms", "40.0 ms", "12.0 ms", "7.00 ms"].enumerated() {
            #expect(byIndex[i]?.contains("— \(ms) at") == true, "point \(i): \(byIndex[i] ?? "missing")")
        }
    }

    @Test func sampledScatterPointsStillNameTheirRecords() throws {
        let many = Self.snapshot([("frontend", "GET /", (1...3000).map { Int64($0) })])
        let page = try Self.tracesPage(try Self.render(many, tableLimit: 100))
        let indexes = try Self.scatterPoints(page).compactMap(\.index)
        #expect(indexes.count == 2000)
        // The 1,000 slowest, then every 2nd of the other 2,000 (records 1000, 1002, …).
        #expect(Set(indexes) == Set(Array(0..<1000) + stride(from: 1000, to: 3000, by: 2)))
        #expect(page.contains("Plotted: the 1000 slowest of 3000 traces, and every 2nd of the others (1000)."))
        #expect(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ChartFactory.ordinal) == [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
            ])
        // The chart writes its scales for the script, and its time axis covers every trace: the
        // first (10 ms after t0, 1 ms long) is left out of the sample but not off the axis.
        #expect(page.contains("<g class=\"marks\" data-x=\"1768471200.01 "))
        #expect(page.contains(" data-y=\"lin 0.0 3000.0 "))
    }

    @Test func withoutJavaScriptThePagePointsToTheComparisonPage() throws {
        let page = try Self.tracesPage(try Self.render(Self.snapshot([("frontend", "GET /", [10, 20])])))
        let open = try #require(page.range(of: "<p class=\"tx-nojs note\">"))
        let close = try #require(page.range(of: "</p>", range: open.upperBound..<page.endIndex))
        let note = page[open.upperBound..<close.lowerBound]
        #expect(note.contains("<a href=\"compare.html\">the comparison page</a>"))
        #expect(note.contains("holds the same comparison precomputed"))
        // The summary and controls wait for the script.
        #expect(page.contains("<section class=\"tx-summary panel\" hidden=\"hidden\""))
        #expect(page.contains("<form class=\"tx-controls\" hidden=\"hidden\""))
    }
}
