import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// The trace page's A/B state in a URL fragment: expressions that the filter language reads
/// back as meant, encoded as JavaScript's `encodeURIComponent` encodes them, and the A/B that
/// `compare.html` links for an attribute comparison.
struct TraceFilterStateTests {
    @Test func fragmentIsEncodedAsEncodeURIComponentDoes() {
        // Values from node: encodeURIComponent("service=a b/ü\"x\"&y#") and of the unreserved set.
        #expect(TraceFilterState.encodeURIComponent("service=a b/ü\"x\"&y#") == "service%3Da%20b%2F%C3%BC%22x%22%26y%23")
        #expect(TraceFilterState.encodeURIComponent("AZaz09-_.!~*'()") == "AZaz09-_.!~*'()")
        #expect(TraceFilterState(a: "k=1", b: "k>=2").fragment == "a=k%3D1&b=k%3E%3D2")
        #expect(TraceFilterState(a: nil, b: "x").fragment == "b=x")
    }

    @Test(arguments: [
        ("app.cache_hit", AttributeValue.bool(true)), ("http.route", .string("/a b")), ("say", .string("\"hi\" \\ there")),
        ("service", .string("field-named")), ("attr.x", .string("v")), ("k=v", .string("x")), ("!odd", .int(3)),
        ("empty", .string("")), ("n", .int(42)),
    ])
    func writtenTermsReadBackAsTheAttributeAndValue(key: String, value: AttributeValue) throws {
        let term = TraceFilterState.key(key) + "=" + TraceFilterState.value(value.displayText)
        let filter = try SpanFilter(parsing: term)
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        b.add([
            Fixtures.span(1, 1, name: "op", startMs: 0, durationMicros: 10, resource: 0, attributes: [Attribute(key: key, value: value)]),
            Fixtures.span(
                2, 2, name: "op", startMs: 0, durationMicros: 10, resource: 0, attributes: [Attribute(key: key, value: .string("other"))]),
        ])
        let snapshot = b.finish()
        #expect(filter.matches(snapshot.spans[0], in: snapshot), "\(term)")
        #expect(!filter.matches(snapshot.spans[1], in: snapshot), "\(term)")
    }

    /// 40 spans of one operation: 20 cache hits of 5 ms and 20 misses of 100 + i ms, with a
    /// count that grows with the duration.
    static func snapshot() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("recommendation"))]))
        var spans: [Span] = []
        for i in 0..<40 {
            let hit = i % 2 == 0
            spans.append(
                Fixtures.span(
                    UInt64(i + 1), UInt64(i + 1), name: "get product list", startMs: Int64(i) * 10,
                    durationMicros: hit ? 5000 : Int64(100 + i) * 1000, resource: 0,
                    attributes: [
                        Attribute(key: "app.cache_hit", value: .bool(hit)),
                        Attribute(key: "n", value: .int(Int64(hit ? i : 1000 + i))),
                    ]))
        }
        b.add(spans)
        return b.finish()
    }

    @Test func categoricalComparisonLinksFasterValueAsAAndSlowerAsB() throws {
        let snapshot = Self.snapshot()
        let c = try #require(AttributeComparison.forAttribute("app.cache_hit", in: snapshot).first)
        let state = TraceFilterState(comparison: c)
        #expect(state.a == "service=recommendation name=\"get product list\" app.cache_hit=true")
        #expect(state.b == "service=recommendation name=\"get product list\" app.cache_hit=false")
        let a = try SpanFilter(parsing: try #require(state.a)), b = try SpanFilter(parsing: try #require(state.b))
        #expect(snapshot.spans.filter { a.matches($0, in: snapshot) }.count == 20)
        #expect(snapshot.spans.filter { b.matches($0, in: snapshot) }.allSatisfy { $0.durationNanos >= 100_000_000 })
    }

    @Test func numericComparisonLinksTheTopRangeAsBAndTheRestOnOneSideAsA() throws {
        let snapshot = Self.snapshot()
        let c = try #require(AttributeComparison.forAttribute("n", in: snapshot).first)
        #expect(c.kind == .numeric)
        let state = TraceFilterState(comparison: c)
        let a = try SpanFilter(parsing: try #require(state.a)), b = try SpanFilter(parsing: try #require(state.b))
        let top = try #require(c.groups.firstIndex { $0.value == c.topValue })
        for span in snapshot.spans {
            let group = c.groupIndex(of: span.attributes[key: "n"])
            #expect(
                b.matches(span, in: snapshot) == (group == top), "\(state.b ?? "") on n=\(span.attributes[key: "n"]?.displayText ?? "")")
            if a.matches(span, in: snapshot) { #expect(group != top) }
        }
        #expect(snapshot.spans.contains { a.matches($0, in: snapshot) })
    }

    @Test func comparePageRowsLinkToTheTracePageWithAB() throws {
        let files = try Fixtures.render(Self.snapshot())
        let compare = try #require(files.first { $0.path == "compare.html" }).contents
        #expect(
            compare.contains(
                "href=\"traces.html#a=service%3Drecommendation%20name%3D%22get%20product%20list%22%20app.cache_hit%3Dtrue&amp;b=service%3Drecommendation%20name%3D%22get%20product%20list%22%20app.cache_hit%3Dfalse\""
            ))
        let single = try #require(try Fixtures.render(Self.snapshot(), layout: .singleFile).first).contents
        #expect(single.contains("href=\"#a=service%3Drecommendation"))
    }
}
