import Foundation
import HTMLValidation
import Testing
import TelemetryAnalysis
import TelemetryModel
@testable import ReportRendering

/// `traces.html`: the table without JavaScript, its bounds, the percentile rank, the embedded
/// data the script reads, and which pages carry the script.
@Suite struct TracesPageTests {
    /// One single-span trace per duration (ms), all rooted in `service`/`name`.
    static func snapshot(_ groups: [(service: String, name: String, durationsMs: [Int64])],
                         attributes: [Attribute] = []) -> Snapshot {
        var b = SnapshotBuilder()
        var resources: [String: Int32] = [:]
        var spans: [Span] = []
        var trace: UInt64 = 0
        for g in groups {
            let r = resources[g.service] ?? b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(g.service))]))
            resources[g.service] = r
            for d in g.durationsMs {
                trace += 1
                spans.append(Fixtures.span(trace, trace, name: g.name, startMs: Int64(trace) * 10, durationMicros: d * 1000,
                                           resource: r, error: d == 7, attributes: attributes))
            }
        }
        b.add(spans)
        return b.finish()
    }

    static func render(_ snapshot: Snapshot, layout: ReportOptions.Layout = .site, tableLimit: Int = 2000) throws -> [RenderedFile] {
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let options = ReportOptions(title: "Fixture report", generatedAtNanos: Fixtures.generatedAt, layout: layout,
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
        let extra = RenderContext.extraWaterfalls(SnapshotAnalysis(snapshot: snapshot).traces)
        #expect(extra.count == RenderContext.errorWaterfallLimit + RenderContext.operationWaterfallLimit)
        #expect(Set(extra.map(\.traceID)) == Set((1...200).map { TraceID(high: 0xabc, low: UInt64($0)) }))
    }

    @Test func percentileRankCountsTracesAtMostAsSlowInTheSameRootOperation() throws {
        // GET /: 10, 20, 20, 40 ms (n = 4); GET /b: 5 ms alone; backend load: 1..100 ms.
        let snapshot = Self.snapshot([
            ("frontend", "GET /", [10, 20, 20, 40]), ("frontend", "GET /b", [5]), ("backend", "load", Array(1...100)),
        ])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ranks = RootOperationPercentiles(analysis.traces)
        func rank(_ service: String, _ name: String, _ ms: Int64) throws -> Int {
            let t = try #require(analysis.traces.first { $0.rootService == service && $0.rootName == name && $0.durationNanos == ms * 1_000_000 })
            return ranks.rank(of: t)
        }
        #expect(try rank("frontend", "GET /", 10) == 25)   // c = 1: ⌊100·1/4⌋
        #expect(try rank("frontend", "GET /", 20) == 75)   // ties count: c = 3
        #expect(try rank("frontend", "GET /", 40) == 100)
        #expect(try rank("frontend", "GET /b", 5) == 100)  // alone in its operation
        #expect(try rank("backend", "load", 1) == 1)
        #expect(try rank("backend", "load", 97) == 97)     // the value at rank ⌈0.97·100⌉ = 97 is 97 ms
        #expect(try rank("backend", "load", 100) == 100)
        #expect(RootOperationPercentiles.countAtMost(20, in: [10, 20, 20, 40]) == 3)
        #expect(RootOperationPercentiles.countAtMost(9, in: [10, 20]) == 0)
        #expect(RootOperationPercentiles.label(97) == "p97")
    }

    @Test func tableIsSortedSlowestFirstAndStatesWhatIsLeftOut() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [10, 20, 20, 40, 7]), ("backend", "load", [1, 2, 3, 300])])
        let page = try Self.tracesPage(try Self.render(snapshot, tableLimit: 4))
        #expect(page.contains("The 4 slowest of 9 traces; 5 faster ones are left out"))
        let rows = page.components(separatedBy: "<tr data-row=\"").dropFirst().map { String($0.prefix(while: { $0 != "\"" })) }
        #expect(rows == ["0", "1", "2", "3"])
        // Durations in table order, and the rank column beside them.
        let table = try #require(page.components(separatedBy: "class=\"tx-table\"").last)
        let durations = ["300 ms", "40.0 ms", "20.0 ms", "20.0 ms"].compactMap { table.range(of: "<td class=\"num\">\($0)</td>")?.lowerBound }
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
        #expect(HTMLValidator().validate([HTMLDocument(path: "traces.html", text: page)]).filter { $0.rule != ValidationRule.brokenLink.rawValue } == [])
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
        let snapshot = Self.snapshot([("frontend", "GET /", [30, 10])], attributes: [
            Attribute(key: "app.cache_hit", value: .bool(false)), Attribute(key: "n", value: .int(1200)),
            Attribute(key: "big", value: .int(9_007_199_254_740_993)), Attribute(key: "ratio", value: .double(.nan)),
            Attribute(key: "list", value: .array([.int(1), .string("a")])), Attribute(key: "long", value: .string(long)),
            Attribute(key: "edge", value: .string(String(repeating: "z", count: 200))),
            Attribute(key: "brace", value: .string("{{title}}")),
        ])
        let json = try Self.embeddedJSON(try Self.tracesPage(try Self.render(snapshot)))
        #expect(!json.contains("{{") && !json.contains("}}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let strings = try #require(object["strings"] as? [String])
        let frontend = try #require(strings.firstIndex(of: "frontend")), getRoot = try #require(strings.firstIndex(of: "GET /"))
        let traces = try #require(object["traces"] as? [[Any]])
        #expect(traces.count == 2)
        #expect(traces[0][0] as? String == "0000000000000abc0000000000000001")
        #expect(traces[0].dropFirst(1).compactMap { $0 as? Int } == [frontend, getRoot, 0, 30_000_000, 1, 0, 100, 0, frontend])
        let spans = try #require(object["spans"] as? [[Any]])
        let row = spans[0]
        #expect(row.prefix(5).compactMap { $0 as? Int } == [0, getRoot, 30_000_000, 0, 2])  // resource, name, ns, unset, server
        func value(_ key: String) throws -> (typed: Bool, value: Any) {
            let k = try #require(strings.firstIndex(of: key))
            let at = try #require(stride(from: 5, to: row.count, by: 2).first { ($0 as Int) < row.count && (row[$0] as? Int == k || row[$0] as? Int == -1 - k) })
            return (row[at] as? Int == -1 - k, row[at + 1])
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
        func firstSpans(budget: Int) throws -> [Int?] {
            let data = TraceTableData(traces: ordered, listed: 3, summary: nil, snapshot: snapshot, spanByteBudget: budget)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(data.json().utf8)) as? [String: Any])
            let traces = try #require(object["traces"] as? [[Any]])
            #expect(data.searchableCount == traces.filter { $0[8] as? Int != -1 }.count)
            return traces.map { $0[8] as? Int }
        }
        #expect(try firstSpans(budget: TraceTableData.spanByteBudget) == [0, 1, 2])
        #expect(try firstSpans(budget: 0) == [-1, -1, -1])
        // A span row here costs 28 bytes (`[0,1,30000000,0,2]` and 8 of allowance): room for one trace.
        #expect(try firstSpans(budget: 40) == [0, -1, -1])
    }

    @Test func resourcesOfTracesLeftWithoutSpansAreNotEmbedded() throws {
        let snapshot = Self.snapshot([("frontend", "GET /", [30]), ("backend", "rare", [10])],
                                     attributes: [Attribute(key: "only.in.spans", value: .string("v"))])
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: 2).map { (trace: $0, rank: 100) }
        let data = TraceTableData(traces: ordered, listed: 2, summary: nil, snapshot: snapshot, spanByteBudget: 50)
        #expect(data.searchableCount == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(data.json().utf8)) as? [String: Any])
        #expect((object["resources"] as? [Any])?.count == 1)
        // The second trace's row still names its root service and operation.
        #expect((object["strings"] as? [String])?.suffix(2) == ["backend", "rare"])
    }

    @Test func pageStaysBoundedForManyTraces() throws {
        let many = Self.snapshot([("frontend", "GET /", (1...6000).map { Int64($0 % 997 + 1) })],
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
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.embeddedJSON(page).utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 2)
        #expect(object["listed"] as? Int == 10)
        let traces = try #require(object["traces"] as? [[Any]])
        #expect(traces.map { $0[4] as? Int } == (1...30).reversed().map { $0 * 1_000_000 })
        // Every trace searchable: spans embedded for all 30.
        #expect(traces.allSatisfy { ($0[8] as? Int ?? -1) >= 0 })
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
        let object = try #require(try JSONSerialization.jsonObject(with: Data(data.json().utf8)) as? [String: Any])
        #expect((object["traces"] as? [Any])?.count == 3)
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
        #expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ChartFactory.ordinal) == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"])
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
