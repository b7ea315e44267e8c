import Foundation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// The trace table's filter box runs the `--where` language in JavaScript (`static/filter-language.js`).
/// These tests run that script under `node` (skipped when node is not installed) on the data
/// `traces.html` embeds, and require the same answer as the Swift `SpanFilter` for every
/// expression of a table: the same matching traces, or the same error position and message.
@Suite(.serialized) struct TraceFilterScriptTests {
    /// Spans of every attribute kind, over resources with and without `service.name`.
    static func snapshot() -> Snapshot {
        var b = SnapshotBuilder()
        let frontend = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("frontend")), Attribute(key: "host.name", value: .string("h1")),
                Attribute(key: "region", value: .int(3)),
            ]))
        let backend = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("backend")), Attribute(key: "status", value: .string("resattr")),
            ]))
        let anonymous = b.intern(Resource(attributes: [Attribute(key: "service.version", value: .string("1.0"))]))
        let empty = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(""))]))
        let long = String(repeating: "L", count: 300)
        let rows: [(name: String, ms: Int64, resource: Int32, error: Bool, attributes: [(String, AttributeValue)])] = [
            (
                "GET /", 250, frontend, false,
                [("app.cache_hit", .bool(false)), ("app.products.count", .int(1200)), ("http.status_code", .int(200))]
            ),
            (
                "GET /", 1500, frontend, true,
                [("app.cache_hit", .bool(true)), ("app.products.count", .int(10)), ("http.status_code", .int(500))]
            ),
            ("load", 12, backend, false, [("http.status_code", .string("200")), ("text.num", .string("1e3")), ("ratio", .double(0.5))]),
            ("load", 3, backend, false, [("ratio", .double(2)), ("text.num", .string(" 12")), ("status", .string("weird"))]),
            ("scan", 40, anonymous, false, [("big", .int(9_007_199_254_740_993)), ("ratio", .double(.nan)), ("neg", .int(-5))]),
            (
                "scan", 41, empty, true,
                [("ratio", .double(.infinity)), ("arr", .array([.int(1), .string("a")])), ("bytes", .bytes([1, 2, 3]))]
            ),
            ("café", 5, frontend, false, [("word", .string("cafe\u{301}")), ("long", .string(long)), ("host.name", .string("h2"))]),
            (
                "GET /health", 1, frontend, false,
                [
                    ("kv", .kvlist([Attribute(key: "a", value: .int(1))])), ("empty", .string("")),
                    ("quote", .string("say \"hi\" \\ ok")), ("spaced", .string("a b")),
                ]
            ),
            ("GET /", 90, frontend, false, [("http.status_code", .double(200)), ("app.products.count", .int(1000)), ("🙂", .string("x"))]),
        ]
        var spans: [Span] = []
        for (i, r) in rows.enumerated() {
            let id = UInt64(i + 1)
            var span = Fixtures.span(
                id, id, name: r.name, startMs: Int64(i) * 100, durationMicros: r.ms * 1000, resource: r.resource,
                error: r.error, attributes: r.attributes.map { Attribute(key: $0.0, value: $0.1) })
            span.kind = [.server, .client, .internal, .producer, .consumer, .unspecified][i % 6]
            spans.append(span)
        }
        // One trace whose two spans each satisfy one of two terms: it must not match both.
        spans.append(Fixtures.span(20, 21, name: "GET /", startMs: 5000, durationMicros: 800_000, resource: frontend, error: true))
        spans.append(
            Fixtures.span(
                20, 22, parent: 21, name: "load", startMs: 5001, durationMicros: 100_000, resource: backend,
                attributes: [Attribute(key: "app.cache_hit", value: .bool(false))]))
        b.add(spans)
        return b.finish()
    }

    static let expressions: [String] = [
        "", "   ", "app.cache_hit=false", "app.cache_hit=true", "app.cache_hit=False", "app.cache_hit!=false",
        "app.products.count>1000", "app.products.count>=1000", "app.products.count<=10", "app.products.count=1.2e3",
        "app.products.count=\"1200\"", "http.status_code!=200", "http.status_code=200", "http.status_code>=200",
        "http.status_code=\"200\"", "text.num>999", "text.num<13", "text.num=1e3", "ratio>1", "ratio<1", "ratio!=0.5",
        "ratio=1e999", "ratio>1e308", "big=9007199254740993", "big>9007199254740992", "big=9007199254740992", "big<1e16",
        "neg<0", "neg=-5", "neg>-5.5", "arr=\"[1, \\\"a\\\"]\"", "arr>0", "bytes=AQID", "kv", "!kv", "empty=\"\"",
        "quote=\"say \\\"hi\\\" \\\\ ok\"", "spaced=\"a b\"", "spaced=a", "word=café", "word=cafe\u{301}", "name=café",
        "name=cafe\u{301}", "long", "!long", "long!=x", "long=x", "🙂=x", "host.name=h1", "host.name=h2", "!host.name",
        "region=3", "region>2", "service.name=frontend", "service.version", "service=frontend", "service!=frontend",
        "service=unknown_service", "service=backend app.cache_hit=false", "service=frontend app.cache_hit=false",
        "status=error", "status=ERROR", "status!=error", "status=ok", "attr.status=weird", "\"status\"=resattr",
        "attr.status", "kind=server", "kind=CLIENT", "kind!=internal", "duration>250ms", "duration>=250ms", "duration<1.5s",
        "duration=250", "duration>0.04s", "duration<=12000us", "duration>1m", "duration<2h", "duration>100ns", "duration>40µs",
        "duration>40μs", "name=\"GET /\"", "name!=\"GET /\" duration>10ms", "trace=1", "traceId=0000000000000abc0000000000000002",
        "trace!=abc0000000000000003",
        "trace=0000000000000abc", "trace=0000000000000abc000000000000000", "trace!=0000000000000abc00", "trace=0000000",
        "trace=0000000000000ab", "trace=0000000000000ABC0000000000000002", "trace=00000000000000000abc", "!app.cache_hit",
        "!app.cache_hit !http.status_code",
        // errors
        "app.cache_hit=", "=x", "!=x", "!", "a b=", "status", "!duration", "service>1", "status=bad", "kind=weird",
        "trace=xyz", "trace=00000000000000000000000000000000f", "duration>fast", "duration>1.2.3s", "duration>5 parsecs",
        "duration>99999999999h", "x>abc", "x>\"5\"", "x=\"unterminated", "x=\"a\"b", "x=a\"b", "k\"ey=1", "\"k\" =1", "x!y",
        "x=\"\\n\"", "!x=1", "attr.=1", "attr.", "attr.x", "a>=", "café>x", "é=1 =2", "x=1\u{3000}=2", "🙂>x",
    ]

    /// What Swift's filter says for each expression: matching trace ids or `position: message`.
    static func swiftAnswers(_ analysis: SnapshotAnalysis, traceIDs: [String]) -> [String] {
        expressions.map { text in
            let filter: SpanFilter
            do {
                filter = try SpanFilter(parsing: text)
            } catch let error as FilterError {
                return "error \(error.position): \(error.message)"
            } catch {
                return "unexpected \(error)"
            }
            let byID = Dictionary(uniqueKeysWithValues: analysis.traces.map { ($0.traceID.hex, $0) })
            return "match " + traceIDs.filter { filter.matches(trace: byID[$0]!, in: analysis.snapshot) }.joined(separator: ",")
        }
    }

    static func nodePath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/node" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func javaScriptFilterAgreesWithSwiftOnEveryExpression() throws {
        guard let node = Self.nodePath() else { return }  // node is optional: nothing to compare with
        let snapshot = Self.snapshot()
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let page = try TracesPageTests.tracesPage(try TracesPageTests.render(snapshot))
        let json = try TracesPageTests.embeddedJSON(page)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let records = try #require(data["records"] as? Int)
        let columnText = try #require(data["traceColumns"] as? String)
        let columns = try #require(Data(base64Encoded: columnText))
        let traceIDs = (0..<records).map { r in columns[(r * 16)..<(r * 16 + 16)].map { String(format: "%02x", $0) }.joined() }
        #expect(traceIDs.count == 10)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trace-filter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(EmbeddedResources.files["static/filter-language.js"]).write(
            to: folder.appendingPathComponent("report.js"), atomically: true, encoding: .utf8)
        try json.write(to: folder.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        let expressionsJSON = JSONWriter.write(.array(Self.expressions.map(JSONValue.string)))
        try expressionsJSON.write(to: folder.appendingPathComponent("expressions.json"), atomically: true, encoding: .utf8)
        let runner = """
            const fs = require("fs"), path = require("path");
            const Filter = require(path.join(__dirname, "report.js"));
            const model = Filter.load(JSON.parse(fs.readFileSync(path.join(__dirname, "data.json"), "utf8")));
            const out = JSON.parse(fs.readFileSync(path.join(__dirname, "expressions.json"), "utf8")).map(function (text) {
              try {
                const terms = Filter.parse(text);
                return "match " + model.traces.filter(function (t) { return Filter.traceMatches(terms, t) === true; }).map(function (t) { return t.id; }).join(",");
              } catch (e) {
                if (!(e instanceof Filter.FilterError)) throw e;
                return "error " + e.position + ": " + e.message;
              }
            });
            process.stdout.write(JSON.stringify(out));
            """
        try runner.write(to: folder.appendingPathComponent("run.js"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = [folder.appendingPathComponent("run.js").path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "node failed: \(stderr)")
        let js = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String])
        let swift = Self.swiftAnswers(analysis, traceIDs: traceIDs)
        #expect(js.count == swift.count)
        for (i, (j, s)) in zip(js, swift).enumerated() {
            #expect(j == s, "\(Self.expressions[i]): JavaScript says \(j), Swift says \(s)")
        }
        // The table is not vacuous: matches, non-matches and errors all occur.
        #expect(swift.contains { $0.hasPrefix("error") } && swift.contains("match "))
    }

    /// Runs `script` under node in a folder holding filter-language.js (`report.js`) and `files`;
    /// returns its standard output.
    static func runNode(_ node: String, script: String, files: [String: String]) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trace-filter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(EmbeddedResources.files["static/filter-language.js"]).write(
            to: folder.appendingPathComponent("report.js"), atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try script.write(to: folder.appendingPathComponent("run.js"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = [folder.appendingPathComponent("run.js").path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "node failed: \(stderr)")
        return stdout
    }

    /// Traces whose spans the page's budget leaves out are never counted as not matching unless
    /// their records prove it: over every valid expression of the table, with spans embedded for
    /// only the 3 slowest of 10 traces, the script's answer for each of the others is Swift's
    /// answer or "undecided" — and terms a record settles (services, errors, duration bounds,
    /// trace ids) are decided for every trace.
    @Test func tracesWithoutSpansAreDecidedOnlyWhereTheirRecordsProveIt() throws {
        guard let node = Self.nodePath() else { return }
        let snapshot = Self.snapshot()
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: analysis.traces.count).map { (trace: $0, rank: 100) }
        let budget = try #require(
            (0..<20_000).first {
                TraceTableData(traces: ordered, listed: 10, summary: nil, snapshot: snapshot, byteBudget: $0).searchableCount == 3
            })
        let data = TraceTableData(traces: ordered, listed: 10, summary: nil, snapshot: snapshot, byteBudget: budget)
        #expect(data.searchableCount == 3 && data.recordCount == 10)
        let traceIDs = ordered.map(\.trace.traceID.hex)
        let valid = Self.expressions.filter { (try? SpanFilter(parsing: $0)) != nil }
        let script = """
            const fs = require("fs"), path = require("path");
            const Filter = require(path.join(__dirname, "report.js"));
            const model = Filter.load(JSON.parse(fs.readFileSync(path.join(__dirname, "data.json"), "utf8")));
            const out = JSON.parse(fs.readFileSync(path.join(__dirname, "expressions.json"), "utf8")).map(function (text) {
              const terms = Filter.parse(text);
              return model.traces.map(function (t) { const m = Filter.traceMatches(terms, t); return m === true ? "1" : m === false ? "0" : "?"; }).join("");
            });
            process.stdout.write(JSON.stringify(out));
            """
        let stdout = try Self.runNode(
            node, script: script,
            files: [
                "data.json": data.json(), "expressions.json": JSONWriter.write(.array(valid.map(JSONValue.string))),
            ])
        let js = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String])
        #expect(js.count == valid.count)
        let byID = Dictionary(uniqueKeysWithValues: analysis.traces.map { ($0.traceID.hex, $0) })
        var undecided = 0, decidedWithoutSpans = 0
        for (text, answer) in zip(valid, js) {
            let filter = try SpanFilter(parsing: text)
            let swift = traceIDs.map { filter.matches(trace: byID[$0]!, in: snapshot) ? Character("1") : Character("0") }
            for (k, (j, s)) in zip(answer, swift).enumerated() {
                if k < 3 {
                    #expect(j == s, "\(text), trace \(k) (spans embedded): JavaScript \(j), Swift \(s)")
                } else {
                    #expect(j == s || j == "?", "\(text), trace \(k) (record only): JavaScript \(j), Swift \(s)")
                    if j == "?" { undecided += 1 } else if !text.trimmingCharacters(in: .whitespaces).isEmpty { decidedWithoutSpans += 1 }
                }
            }
        }
        #expect(undecided > 0 && decidedWithoutSpans > 0, "undecided \(undecided), decided \(decidedWithoutSpans)")
        // Terms a record settles are decided for every trace.
        let settled = [
            "service=frontend", "service!=frontend", "service=unknown_service", "status=error", "status!=error", "trace=1",
            "trace=0000000000000abc", "trace!=abc0000000000000003", "traceId=0000000000000abc0000000000000002", "duration>1m",
        ]
        for text in settled {
            let answer = try #require(js[try #require(valid.firstIndex(of: text))])
            #expect(!answer.contains("?"), "\(text): \(answer)")
        }
    }
}
