import TelemetryModel
import Testing

@testable import TelemetryAnalysis

/// The `--where` text a finding links with parses back to a filter that keeps exactly the spans
/// it names.
@Suite struct FilterTextTests {
    @Test func termsKeepTheirTypesAndQuoting() {
        #expect(FilterText.equals("app.cache_hit", .bool(false)) == "app.cache_hit=false")
        #expect(FilterText.equals("http.status_code", .int(200)) == "http.status_code=200")
        #expect(FilterText.equals("http.status_text", .string("PERMANENT REDIRECT")) == "http.status_text=\"PERMANENT REDIRECT\"")
        #expect(FilterText.equals("status", .string("a\"b\\")) == "\"status\"=\"a\\\"b\\\\\"")
        #expect(FilterText.equals("x", nil) == "!x")
        #expect(FilterText.equals("x", .double(.nan)) == nil)
        #expect(FilterText.range("n", lower: 10, upper: 20, closed: false) == "n>=10 n<20")
        #expect(FilterText.durationAbove(nanos: 251_662_345) == "duration>251.662ms")
    }

    @Test func theTextSelectsTheSpansItNames() throws {
        let attrs: [[Attribute]] = [
            [
                Attribute(key: "status", value: .string("a \"b\"")), Attribute(key: "n", value: .int(15)),
                Attribute(key: "flag", value: .bool(false)),
            ],
            [
                Attribute(key: "status", value: .string("other")), Attribute(key: "n", value: .int(20)),
                Attribute(key: "flag", value: .bool(true)),
            ],
        ]
        let spans = attrs.enumerated().map { i, a in
            Fixtures.span(UInt64(i + 1), UInt64(i + 1), name: "my op", start: Int64(i) * 10, ms: 300 * Int64(i + 1), attributes: a)
        }
        let snapshot = Fixtures.snapshot(spans)
        func kept(_ text: String) throws -> [Int] {
            let filter = try SpanFilter(parsing: text)
            return snapshot.spans.indices.filter { filter.matches(snapshot.spans[$0], in: snapshot) }
        }
        let scope = FilterText.operation(service: "a", name: "my op")
        #expect(try kept(scope + " " + FilterText.equals("status", .string("a \"b\""))!) == [0])
        #expect(try kept(scope + " " + FilterText.equals("flag", .bool(true))!) == [1])
        #expect(try kept(FilterText.range("n", lower: 10, upper: 20, closed: false)!) == [0])
        #expect(try kept(FilterText.range("n", lower: 15, upper: 20, closed: true)!) == [0, 1])
        #expect(try kept(FilterText.durationAbove(nanos: 300_000_000)) == [1])
        #expect(try kept(FilterText.operation(service: "b", name: "my op")).isEmpty)
    }
}
