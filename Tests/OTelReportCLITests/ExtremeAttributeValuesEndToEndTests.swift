import Foundation
import Testing
import Vocabulary

/// Attribute values at the ends of what OTLP allows, through the built binary: doubles NaN,
/// ±Infinity, ±1.8e308 and 5e-324, integers Int64.min and max, and a key whose type changes from
/// span to span. A render with such a double among the compared attributes trapped (exit 132) in
/// the compare page's scatter axis, whose width was infinite; now every variant renders and
/// validates.
@Suite(.serialized) struct ExtremeAttributeValuesEndToEndTests {
    static let doubles = [
        #""NaN""#, #""Infinity""#, #""-Infinity""#, "1.7976931348623157e308", "-1.7976931348623157e308", "5e-324", "0.0", "-0.0", "1.5",
    ]
    static let integers = ["-9223372036854775808", "9223372036854775807", "0", "-1", "1", "4611686018427387904"]

    /// Sixty traces of one to four spans in one service, each span with `ratio` (a double),
    /// `app.products.count` (an integer), `app.cache_hit` and `mixed` (any of the four types).
    static func snapshot(seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        func pick(_ list: [String]) -> String { list[random.int(in: 0...(list.count - 1))] }
        var spans: [String] = []
        for t in 0..<60 {
            let trace = String(format: "%032x", 0xDEF000 + t + Int(seed) * 1000 + 1)
            for i in 0..<random.int(in: 1...4) {
                let start = 1_700_000_000_000_000_000 + Int64(random.int(in: 0...1_000_000)) * 1_000_000
                let end = start + Int64(pick(["0", "1", "1000000", "1000000000", "1000000000000"]))!
                let mixed = pick([
                    #"{"intValue":"\#(pick(integers))"}"#, #"{"doubleValue":\#(pick(doubles))}"#, #"{"stringValue":"x"}"#,
                    #"{"boolValue":true}"#,
                ])
                var fields = [
                    #""traceId":"\#(trace)","spanId":"\#(String(format: "%016x", t * 8 + i + 1))","name":"op\#(random.int(in: 0...2))""#,
                    #""startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)","kind":2"#,
                    #""attributes":[{"key":"app.products.count","value":{"intValue":"\#(pick(integers))"}},"#
                        + #"{"key":"ratio","value":{"doubleValue":\#(pick(doubles))}},"#
                        + #"{"key":"app.cache_hit","value":{"boolValue":\#(random.chance(0.5))}},{"key":"mixed","value":\#(mixed)}]"#,
                ]
                if i > 0 { fields.append(#""parentSpanId":"\#(String(format: "%016x", t * 8 + 1))""#) }
                if random.chance(0.2) { fields.append(#""status":{"code":2}"#) }
                spans.append("{" + fields.joined(separator: ",") + "}")
            }
        }
        return
            #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"recommendation"}}]},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"#
    }

    @Test func everyComparisonAndFilterOfExtremeValuesRendersAndValidates() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for seed: UInt64 in [1, 2] {
            let input = dir.appendingPathComponent("in-\(seed).json")
            try Self.snapshot(seed: seed).write(to: input, atomically: true, encoding: .utf8)
            for (n, extra) in [
                [], ["--compare", "ratio"], ["--compare", "mixed"], ["--where", "ratio>=1"], ["--where", "app.products.count>0"],
            ]
            .enumerated() {
                let site = dir.appendingPathComponent("site-\(seed)-\(n)")
                let r = try CLI.run(["render", input.path, "-o", site.path, "--quiet"] + extra)
                #expect(r.status == 0, "seed \(seed) \(extra): \(r.stderr.prefix(2000))")
                let pages = CLI.files(in: site).keys.filter { $0.hasSuffix(".html") }.sorted()
                #expect(pages.contains("compare.html"), "seed \(seed) \(extra)")
                let v = try CLI.run(["validate", "--quiet"] + pages.map { site.appendingPathComponent($0).path })
                #expect(v.status == 0, "seed \(seed) \(extra): \(v.stderr.prefix(2000))")
            }
        }
    }
}
