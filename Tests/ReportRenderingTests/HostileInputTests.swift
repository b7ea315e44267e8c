import HTMLValidation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// Span names and attribute values are attacker-controlled: they must come out as inert,
/// escaped text in valid pages.
@Suite struct HostileInputTests {
    @Test func hostileNamesAndValuesStayInertInValidPages() throws {
        let files = try Fixtures.render(Fixtures.hostile())
        let pages = files.filter { $0.path.hasSuffix(".html") }
        #expect(HTMLValidator().validate(pages.map { HTMLDocument(path: $0.path, text: $0.contents) }) == [])
        for page in pages {
            #expect(!page.contents.contains("<script>alert"), "\(page.path)")
            #expect(!page.contents.contains("<img src=x"), "\(page.path)")
            #expect(!page.contents.contains("</details><script>"), "\(page.path)")
            #expect(!page.contents.contains("\u{0}"), "\(page.path)")
            #expect(!page.contents.contains("href=\"javascript:"), "\(page.path)")
        }
        let waterfall = try #require(pages.first { $0.path.hasPrefix("traces/") })
        #expect(waterfall.contents.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(waterfall.contents.contains("]]&gt;&lt;!-- &#123;&#123;title&#125;&#125; --&gt;"))
        #expect(waterfall.contents.contains("a\u{2400}b\u{2407}c\u{241B}[31m"))
        #expect(waterfall.contents.contains("a\u{FFFD}\u{FFFD}b"))
        // Log records under their span and at the trace level, exceptions, the service map.
        #expect(waterfall.contents.contains("&lt;script&gt;alert('log0')&lt;/script&gt; a\u{2400}b"))
        #expect(waterfall.contents.contains("&lt;script&gt;alert('log1')&lt;/script&gt;"))
        let logs = try #require(pages.first { $0.path == "logs.html" })
        #expect(logs.contents.contains("&lt;script&gt;alert('log2')&lt;/script&gt;"))
        let index = try #require(pages.first { $0.path == "index.html" })
        #expect(index.contents.contains("&lt;script&gt;alert('type')&lt;/script&gt;"))
        #expect(index.contents.contains("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(5)&lt;/script&gt;"))
        let services = try #require(pages.first { $0.path == "services.html" })
        #expect(services.contents.contains("&lt;script&gt;alert('peer')&lt;/script&gt;"))
        for page in [logs, index, services] {
            #expect(!page.contents.contains("<script>alert"), "\(page.path)")
            #expect(!page.contents.contains("<img src=x"), "\(page.path)")
        }
    }

    @Test func longValuesAreCutForDisplayButKeptWhole() throws {
        let files = try Fixtures.render(Fixtures.hostile())
        let waterfall = try #require(files.first { $0.path.hasPrefix("traces/") })
        let long = String(repeating: "x", count: 5000)
        #expect(waterfall.contents.contains(String(repeating: "x", count: AttributeTable.displayLimit) + "…"))
        #expect(waterfall.contents.contains("show all 5,000 characters"))
        #expect(waterfall.contents.contains(">" + long + "<"))
    }
}

@Suite struct AwkwardSnapshotTests {
    @Test func servicesWhoseNamesSlugAlikeStillGetUniqueIDs() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("st-login"))]))
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("st_login"))]))
        b.add([
            Fixtures.span(1, 1, name: "a", startMs: 0, durationMicros: 1000, resource: 0),
            Fixtures.span(2, 2, name: "b", startMs: 5, durationMicros: 1000, resource: 1),
        ])
        for layout in [ReportOptions.Layout.site, .singleFile] {
            let files = try Fixtures.render(b.finish(), layout: layout)
            let docs = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
            #expect(HTMLValidator().validate(docs) == [])
        }
    }

    @Test func spansYearsApartMakeABoundedReport() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("old"))]))
        b.add([
            Fixtures.span(1, 1, name: "a", startMs: -300_000_000_000, durationMicros: 1000, resource: 0),
            Fixtures.span(2, 2, name: "b", startMs: 0, durationMicros: 1000, resource: 0),
        ])
        let files = try Fixtures.render(b.finish())
        let json = try #require(files.first { $0.path == "report.json" })
        #expect(json.contents.count < 200_000)
    }
}

@Suite struct ManyServicesTests {
    @Test func aDashboardDrawsAtMost30PanelsAndNamesTheRest() throws {
        var b = SnapshotBuilder()
        var spans: [Span] = []
        for i in 0..<35 {
            let r = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc-\(i < 10 ? "0" : "")\(i)"))]))
            spans.append(Fixtures.span(UInt64(i + 1), UInt64(i + 1), name: "op", startMs: Int64(i), durationMicros: 1000, resource: r))
        }
        b.add(spans)
        let files = try Fixtures.render(b.finish())
        let page = try #require(files.first { $0.path == "dashboard-latency.html" }).contents
        #expect(page.components(separatedBy: "<section class=\"panel\" id=\"panel-latency-").count - 1 == 30)
        #expect(page.contains("5 more panels"))
        let json = try #require(files.first { $0.path == "report.json" }).contents
        #expect(json.components(separatedBy: "\"id\": \"latency-svc-").count - 1 == 35)
    }
}

@Suite struct DeepTraceTests {
    /// A runaway recursion in the traced program: 12,000 nested spans in one trace. No stack
    /// overflow, a valid page, bounded in size, saying what was left out.
    @Test func aVeryDeepTraceRendersABoundedValidPage() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("deep"))]))
        let n = 12_000
        b.add(
            (0..<n).map { i in
                Fixtures.span(
                    7, UInt64(i + 1), parent: UInt64(i), name: "f\(i)", startMs: Int64(i), durationMicros: Int64(2 * n - 2 * i) * 1000,
                    resource: 0)
            })
        let snapshot = b.finish()
        let trace = try #require(TraceAssembler.assemble(snapshot).first)
        let tree = TraceTree(snapshot: snapshot, trace: trace)
        #expect(tree.rows.count == n)
        #expect(tree.rows.last?.depth == n - 1)
        #expect(tree.rows.first?.descendantCount == n - 1)
        let files = try Fixtures.render(snapshot)
        let page = try #require(files.first { $0.path.hasPrefix("traces/") })
        #expect(page.contents.utf8.count < 6_000_000)
        #expect(page.contents.contains("The first 5,000 of 12,000 spans"))
        #expect(page.contents.contains("Details of 1,000 of 5,000 spans"))
        let docs = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
        #expect(HTMLValidator().validate(docs) == [])
    }
}

@Suite struct ManyAttributesTests {
    /// A span with 1,500 attributes: its card lists the first 1,000 and says how many more
    /// there are, so the page stays bounded.
    @Test func aCardShowsAtMostTheRowLimitAndCountsTheRest() throws {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("fat"))]))
        var span = Fixtures.span(1, 1, name: "op", startMs: 0, durationMicros: 1000, resource: 0)
        span.attributes = (0..<1500).map { Attribute(key: "k\($0)", value: .string("v\($0)")) }
        b.add([span])
        let files = try Fixtures.render(b.finish())
        let page = try #require(files.first { $0.path.hasPrefix("traces/") }).contents
        #expect(page.contains("<code>k999</code>"))
        #expect(!page.contains("<code>k1000</code>"))
        #expect(page.contains("The first 1,000 of 1,500 attributes, in the order the input gave them; 500 more are not shown."))
    }
}
