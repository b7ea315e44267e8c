import Foundation
import Testing
import Vocabulary

/// Times at the ends of what a snapshot holds (1970 and the last instant before 2100), through
/// the built binary: traces spanning 130 years, children longer than their parents, ends before
/// starts, events and logs anywhere. Such files made `render` trap (exit 132) on Int64 sums of
/// durations and on a time axis of 47,000 day ticks; now every page renders and validates. A
/// time past the window is an error that names the file, line, column and path, and leaves no
/// report behind.
@Suite(.serialized) struct ExtremeTimesEndToEndTests {
    static let last: Int64 = 4_102_444_799_999_999_999
    static let times: [Int64] = [0, 1, last / 3, last / 2, last - 1, last]

    /// `traces` traces of one to seven spans each, with times drawn from `times`, as OTLP JSON
    /// Lines (a trace request, then a logs request).
    static func snapshot(seed: UInt64, traces traceCount: Int = 30) -> String {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ list: [T]) -> T { list[random.int(in: 0...(list.count - 1))] }
        var spans: [String: [String]] = [:], logs: [String: [String]] = [:]
        for t in 0..<traceCount {
            let trace = String(format: "%032x", 0xABC000 + t + Int(seed) * 1000 + 1)
            let count = random.int(in: 1...7)
            let ids = (0..<count).map { String(format: "%016x", 0x100 + t * 16 + $0 + 1) }
            for i in 0..<count {
                var (start, end) = (pick(times), pick(times))
                if random.chance(0.8), start > end { (start, end) = (end, start) }
                var fields = [
                    #""traceId":"\#(trace)","spanId":"\#(ids[i])","name":"op\#(random.int(in: 0...3))""#,
                    #""startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)","kind":\#(random.int(in: 1...5))"#,
                    #""attributes":[{"key":"app.cache_hit","value":{"boolValue":\#(random.chance(0.5))}}]"#,
                ]
                if i > 0 { fields.append(#""parentSpanId":"\#(ids[random.int(in: 0...(i - 1))])""#) }
                if random.chance(0.3) { fields.append(#""status":{"code":2,"message":"boom"}"#) }
                if random.chance(0.4) { fields.append(#""events":[{"name":"exception","timeUnixNano":"\#(pick(times))"}]"#) }
                spans[pick(["a", "b", "c"]), default: []].append("{" + fields.joined(separator: ",") + "}")
                if random.chance(0.4) {
                    logs[pick(["a", "b"]), default: []].append(
                        #"{"timeUnixNano":"\#(pick(times))","observedTimeUnixNano":"\#(pick(times))","severityNumber":17,"body":{"stringValue":"log"},"traceId":"\#(trace)","spanId":"\#(ids[i])"}"#
                    )
                }
            }
        }
        func resource(_ service: String) -> String { #"{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]}"# }
        let traces = spans.keys.sorted().map {
            #"{"resource":\#(resource($0)),"scopeSpans":[{"spans":[\#(spans[$0]!.joined(separator: ","))]}]}"#
        }
        let records = logs.keys.sorted().map {
            #"{"resource":\#(resource($0)),"scopeLogs":[{"logRecords":[\#(logs[$0]!.joined(separator: ","))]}]}"#
        }
        return #"{"resourceSpans":[\#(traces.joined(separator: ","))]}"# + "\n" + #"{"resourceLogs":[\#(records.joined(separator: ","))]}"#
            + "\n"
    }

    @Test func snapshotsAtTheEndsOfTheWindowRenderEveryPageAndValidate() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for seed: UInt64 in [1, 2, 3, 4] {
            let input = dir.appendingPathComponent("in-\(seed).jsonl")
            try Self.snapshot(seed: seed).write(to: input, atomically: true, encoding: .utf8)
            let site = dir.appendingPathComponent("site-\(seed)")
            let r = try CLI.run(["render", input.path, "-o", site.path, "--compare", "app.cache_hit", "--quiet"])
            #expect(r.status == 0, "seed \(seed): \(r.stderr.prefix(2000))")
            let pages = CLI.files(in: site).keys.filter { $0.hasSuffix(".html") }.sorted()
            #expect(pages.filter { $0.hasPrefix("traces/") }.count == 30, "seed \(seed)")
            let v = try CLI.run(["validate", "--quiet"] + pages.map { site.appendingPathComponent($0).path })
            #expect(v.status == 0, "seed \(seed): \(v.stderr.prefix(2000))")
        }
    }

    /// Enough traces per operation for the slow-trace breakdowns and their findings: their sums
    /// over hundreds of traces, and the far-out fence p75 + 3·IQR, passed Int64.
    @Test func aLargerSnapshotAtTheEndsOfTheWindowRendersWithItsBreakdowns() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Self.snapshot(seed: 5, traces: 1500).write(to: input, atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("site")
        let r = try CLI.run(["render", input.path, "-o", site.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr.prefix(2000))")
        let json = try #require(CLI.files(in: site)["report.json"])
        let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((report["slowTraceBreakdowns"] as? [Any])?.isEmpty == false)
    }

    /// The waterfall of a trace spanning 130 years gets a handful of day ticks, not one a day.
    @Test func aTraceAcrossTheWholeWindowHasAHandfulOfDayTicks() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("t.json")
        try #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},"scopeSpans":[{"spans":[
        {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7","name":"a","startTimeUnixNano":"0","endTimeUnixNano":"4102444799999999999"}]}]}]}
        """#.write(to: input, atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("site")
        let r = try CLI.run(["render", input.path, "-o", site.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr.prefix(2000))")
        let page = try #require(CLI.files(in: site)["traces/0af7651916cd43dd8448eb211c80319c.html"])
        let html = String(decoding: page, as: UTF8.self)
        // 47,482.009 days: steps of 10,000 days (the first of 1, 2, 5 × 10^k giving at most six
        // ticks), at 10,000 / 47,482.009 = 21.0606% of the track apart.
        let ticks = html.components(separatedBy: #"<span style="left:"#).dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(ticks == [#"0.000%">0 d"#, #"21.061%">10,000 d"#, #"42.121%">20,000 d"#, #"63.182%">30,000 d"#, #"84.242%">40,000 d"#])
    }

    @Test func aTimePastTheWindowIsALocatedErrorAndNoReport() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("late.jsonl")
        let text = Self.snapshot(seed: 9).replacingOccurrences(of: "\"\(Self.last)\"", with: "\"9223372036854775807\"")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let site = dir.appendingPathComponent("site")
        let r = try CLI.run(["render", input.path, "-o", site.path, "--quiet"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("late.jsonl:1:"))
        #expect(r.stderr.contains(": error: resourceSpans["))
        #expect(r.stderr.contains("expected a time from 1970 to 2099, found 9223372036854775807 ns since the epoch"))
        #expect(!FileManager.default.fileExists(atPath: site.path))
    }
}
