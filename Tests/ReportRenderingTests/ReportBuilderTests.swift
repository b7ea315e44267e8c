import Foundation
import HTMLValidation
import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

@Suite struct ReportBuilderTests {
    @Test func siteLayoutHasEveryPageAndValidates() throws {
        let files = try Fixtures.render(Fixtures.small())
        #expect(
            files.map(\.path) == [
                "index.html", "dashboard-resources.html", "dashboard-latency.html", "dashboard-errors.html", "traces.html", "compare.html",
                "services.html", "logs.html", "traces/0000000000000abc0000000000000001.html",
                "traces/0000000000000abc0000000000000002.html", "traces/0000000000000abc0000000000000003.html", "report.json",
            ])
        let docs = files.filter { $0.path.hasSuffix(".html") }.map { HTMLDocument(path: $0.path, text: $0.contents) }
        #expect(HTMLValidator().validate(docs) == [])
    }

    @Test func reportJSONHoldsHandComputedNumbers() throws {
        let files = try Fixtures.render(Fixtures.small())
        let json = try #require(files.first { $0.path == "report.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.contents.utf8)) as? [String: Any])
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        #expect(snapshot["spanCount"] as? Int == 5)
        #expect(snapshot["traceCount"] as? Int == 3)
        #expect(snapshot["services"] as? [String] == ["backend", "frontend"])
        #expect(snapshot["startTime"] as? String == "2026-01-15T10:00:00Z")
        let services = try #require(object["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String } == ["backend", "frontend"])
        // frontend durations 120.5, 20, 1 ms: nearest rank p50 = rank 2 = 20 ms; p95 = rank 3 = 120.5 ms
        let frontend = try #require(services[1]["latencyMs"] as? [String: Double])
        #expect(frontend == ["p50": 20, "p95": 120.5, "p99": 120.5, "p999": 120.5, "max": 120.5])
        #expect(services[1]["errorCount"] as? Int == 1)
        let backend = try #require(services[0]["latencyMs"] as? [String: Double])
        #expect(backend["p50"] == 5)  // 5 and 100.25 ms: rank ⌈0.5·2⌉ = 1
        #expect(backend["max"] == 100.25)
        let slowest = try #require(object["slowestTraces"] as? [[String: Any]])
        #expect(
            slowest.map { $0["traceId"] as? String } == [
                "0000000000000abc0000000000000001", "0000000000000abc0000000000000002", "0000000000000abc0000000000000003",
            ])
        #expect(slowest.map { $0["durationMs"] as? Double } == [120.5, 20, 1])
        #expect(slowest[0]["page"] as? String == "traces/0000000000000abc0000000000000001.html")
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["generatedAt"] as? String == "2026-01-15T12:00:00Z")
    }

    /// Traces of 1…100 ms whose duration comes from a child ending after its root: the root
    /// lasts 1 ms, the child runs from k/2 to k ms (so no span lasts as long as its trace).
    static func hundredTraces() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("frontend"))]))
        var spans: [Span] = []
        for k in 1...100 {
            let start = Int64(k) * 1000
            spans.append(Fixtures.span(UInt64(k), UInt64(2 * k), name: "GET /", startMs: start, durationMicros: 1000, resource: 0))
            var child = Fixtures.span(
                UInt64(k), UInt64(2 * k + 1), parent: UInt64(2 * k), name: "load", startMs: start,
                durationMicros: Int64(k) * 500, resource: 0,
                attributes: [Attribute(key: "parity", value: .string(k % 2 == 0 ? "even" : "odd"))])
            child.startTimeUnixNano += Int64(k) * 500_000
            child.endTimeUnixNano += Int64(k) * 500_000
            spans.append(child)
        }
        b.add(spans)
        return b.finish()
    }

    static func traceLatency(_ snapshot: Snapshot) throws -> [String: Double]? {
        let files = try Fixtures.render(snapshot)
        let json = try #require(files.first { $0.path == "report.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.contents.utf8)) as? [String: Any])
        let snap = try #require(object["snapshot"] as? [String: Any])
        return snap["traceLatencyMs"] as? [String: Double]
    }

    @Test func traceLatencyIsTheNearestRankOfTraceDurations() throws {
        // n = 100: p50 = 50th, p95 = 95th, p99 = 99th value.
        #expect(try Self.traceLatency(Self.hundredTraces()) == ["p50": 50, "p95": 95, "p99": 99, "max": 100])
        // The small fixture's traces: 120.5, 20 and 1 ms (the first's child ends inside its root).
        #expect(try Self.traceLatency(Fixtures.small()) == ["p50": 20, "p95": 120.5, "p99": 120.5, "max": 120.5])
    }

    @Test func traceLatencyDescribesTheKeptTracesUnderWhere() throws {
        let kept = Self.hundredTraces().keepingTraces(matching: try SpanFilter(parsing: "parity=even"))
        // 2, 4, …, 100 ms (n = 50): p50 rank 25 = 50 ms; p95 rank ⌈47.5⌉ = 48 → 96 ms; p99 rank ⌈49.5⌉ = 50 → 100 ms.
        #expect(try Self.traceLatency(kept) == ["p50": 50, "p95": 96, "p99": 100, "max": 100])
    }

    @Test func traceLatencyIsNullWithoutTraces() throws {
        let files = try Fixtures.render(SnapshotBuilder().finish())
        let json = try #require(files.first { $0.path == "report.json" })
        #expect(json.contents.contains("\"traceLatencyMs\": null"))
    }

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let a = try Fixtures.render(Fixtures.small())
        let b = try Fixtures.render(Fixtures.small())
        #expect(a == b)
    }

    @Test func singleFileHoldsAllPagesWithUniqueIDs() throws {
        let files = try Fixtures.render(Fixtures.small(), layout: .singleFile)
        #expect(files.map(\.path) == ["report.html"])
        let html = files[0].contents
        #expect(HTMLValidator().validate([HTMLDocument(path: "report.html", text: html)]) == [])
        for section in ["overview", "dashboard-latency", "traces", "trace-0000000000000abc0000000000000001"] {
            #expect(html.contains("<section class=\"page\" id=\"\(section)\""))
        }
        #expect(html.contains("<script type=\"application/json\" id=\"report-json\">"))
    }

    @Test func goldenPages() throws {
        let files = try Fixtures.render(Fixtures.small())
        for name in ["index.html", "traces/0000000000000abc0000000000000001.html", "report.json"] {
            let file = try #require(files.first { $0.path == name })
            try Golden.assertMatches(file.contents, named: name.replacingOccurrences(of: "/", with: "_"))
        }
    }

    @Test func nothingIsLeftOfTheTemplate() throws {
        for file in try Fixtures.render(Fixtures.small()) where file.path.hasSuffix(".html") {
            #expect(!file.contents.contains("{{"))
            for pattern in ["src=\"http", "href=\"http", "src=\"//", "url(http"] {
                #expect(!file.contents.contains(pattern), "\(file.path) loads from outside: \(pattern)")
            }
        }
    }

    /// Every file of templates/ and static/ is in the binary under its path, byte for byte (a
    /// file added to a folder needs a line in `EmbeddedResources.files`).
    @Test func embeddedResourcesMatchTheFiles() throws {
        for (path, text) in EmbeddedResources.files {
            let onDisk = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(onDisk == text, "\(path) differs from the compiled-in copy")
        }
        let folders = ["templates", "static"].flatMap { folder in
            (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot.appendingPathComponent(folder).path))?.map {
                "\(folder)/\($0)"
            } ?? []
        }
        #expect(Set(folders) == Set(EmbeddedResources.files.keys))
    }
}
