import Foundation
import Testing

/// The command as a person runs it, on the committed example and on real corpus files.
@Suite(.serialized) struct RenderEndToEndTests {
    static let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")

    @Test func exampleReportMatchesAnIndependentComputation() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run([
            "render", Self.example.path, "-o", out.appendingPathComponent("r").path, "--generated-at", "2026-01-15T12:00:00Z",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let expected = try IndependentReport(otlpJSONLines: Self.example.appendingPathComponent("traces.jsonl"))
        try Self.expectNumbers(report, equal: expected)
        let slowest = try #require(report["slowestTraces"] as? [[String: Any]])

        let pages = CLI.files(in: out.appendingPathComponent("r")).keys.filter { $0.hasSuffix(".html") }.sorted()
        let waterfalls = Set(pages.filter { $0.hasPrefix("traces/") }.map { String($0.dropFirst(7).dropLast(5)) })
        #expect(pages.contains("index.html") && pages.contains("traces.html") && pages.count == 8 + waterfalls.count)
        #expect(expected.errorTraces.count < 200 && waterfalls == expected.waterfallTraces(top: 50))
        #expect(waterfalls.count > 50)
        let validation = try CLI.run(["validate"] + pages.map { out.appendingPathComponent("r/" + $0).path })
        #expect(validation.status == 0, "\(validation.stderr)")
        // And the stock checker people have: xmllint (libxml2-utils), when installed.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
            p.arguments = ["--noout"] + pages.map { out.appendingPathComponent("r/" + $0).path }
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        // The slowest trace's waterfall shows the attributes that mark slow spans, highlighted.
        let slowestPage = try String(
            contentsOf: out.appendingPathComponent("r").appendingPathComponent(try #require(slowest.first?["page"] as? String)),
            encoding: .utf8)
        #expect(slowestPage.contains("<span class=\"notable\">app.cache_hit=false</span>"))
        #expect(slowestPage.contains("<span class=\"notable\">app.products.count="))
        // The findings name the cause without being told where to look.
        let findings = try #require(report["findings"] as? [[String: Any]])
        let titles = findings.compactMap { $0["title"] as? String }.joined(separator: "\n")
        #expect(titles.contains("app.cache_hit") || titles.contains("app.products.count"), "\(titles)")
    }

    /// Files of the shapes a collector writes (the benchmark's generator, with service names
    /// of its own), read in small blocks split over the cores as large files are: every number
    /// of `report.json` that DESIGN §4 defines equals the independent computation. Skipped
    /// without python3.
    @Test(arguments: [
        ["--traces-per-line", "1", "--services", "3", "--service-prefix", "checkout-", "--seed", "31"],
        ["--traces-per-line", "7", "--services", "9", "--service-prefix", "edge.", "--seed", "32"],
        ["--spans-per-trace", "23", "--traces-per-line", "40", "--services", "5", "--service-prefix", "Zahlung ", "--seed", "33"],
    ])
    func streamedCollectorFilesMatchAnIndependentComputation(_ shape: [String]) throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("spans.jsonl")
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments =
            ["python3", CLI.packageRoot.appendingPathComponent("Scripts/bench/generate-otlp.py").path, "12000", input.path] + shape
        generator.standardError = FileHandle.nullDevice
        guard (try? generator.run()) != nil else { return }
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { return }
        let result = try CLI.run(
            ["render", input.path, "-o", work.appendingPathComponent("r").path, "--generated-at", "2026-01-15T12:00:00Z"],
            environment: ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": "65536"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("r/report.json"))) as? [String: Any])
        let expected = try IndependentReport(otlpJSONLines: input)
        #expect(expected.spanCount == 12000)
        try Self.expectNumbers(report, equal: expected)
    }

    /// `report.json`'s span and trace counts, each service's counts and latency, and the 20
    /// slowest traces, against the independent computation.
    static func expectNumbers(_ report: [String: Any], equal expected: IndependentReport) throws {
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        #expect(snapshot["spanCount"] as? Int == expected.spanCount)
        #expect(snapshot["traceCount"] as? Int == expected.traceCount)
        let services = try #require(report["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String ?? "" } == expected.services.map(\.name))
        for (got, want) in zip(services, expected.services) {
            #expect(got["spanCount"] as? Int == want.spans, "\(want.name)")
            #expect(got["errorCount"] as? Int == want.errors, "\(want.name)")
            #expect(got["latencyMs"] as? [String: Double] == want.latencyMs, "\(want.name)")
        }
        let slowest = try #require(report["slowestTraces"] as? [[String: Any]])
        #expect(slowest.prefix(20).map { $0["traceId"] as? String ?? "" } == expected.slowest20.map(\.id))
        #expect(slowest.prefix(20).map { $0["durationMs"] as? Double ?? -1 } == expected.slowest20.map(\.ms))
    }

    @Test func whereKeepsExactlyTheTracesWithOneSpanMatchingEveryTerm() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run([
            "render", Self.example.path, "-o", out.appendingPathComponent("r").path, "--top", "3",
            "--where", "service=recommendationservice app.cache_hit=false duration>100ms", "--generated-at", "2026-01-15T12:00:00Z",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try IndependentReport(otlpJSONLines: Self.example.appendingPathComponent("traces.jsonl")) {
            service, attributes, nanos in
            service == "recommendationservice" && (attributes["app.cache_hit"] as? Bool) == false && nanos > 100_000_000
        }
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        #expect(snapshot["traceCount"] as? Int == expected.matchingTraces.count)
        #expect(expected.matchingTraces.count > 5)
        let slowest = try #require(report["slowestTraces"] as? [[String: Any]])
        #expect(Set(slowest.compactMap { $0["traceId"] as? String }).isSubset(of: expected.matchingTraces))
        let inputs = try #require(snapshot["inputs"] as? [[String: Any]])
        #expect(inputs.compactMap { $0["spans"] as? Int }.reduce(0, +) == expected.spanCount)
        let bad = try CLI.run(["render", Self.example.path, "-o", out.appendingPathComponent("x").path, "--where", "duration>>1"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("position 10"))
    }

    @Test func twoRendersAreByteIdentical() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for name in ["a", "b"] {
            let r = try CLI.run([
                "render", Self.example.path, "-o", out.appendingPathComponent(name).path, "--generated-at", "2026-01-15T12:00:00Z",
                "--quiet",
            ])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let a = CLI.files(in: out.appendingPathComponent("a")), b = CLI.files(in: out.appendingPathComponent("b"))
        #expect(a.count > 50)
        #expect(a == b)
    }

    /// `--json FILE` and `--json -` give the folder's own `report.json`, byte for byte, and the
    /// single file embeds the same text (they are made once and shared, as parts).
    @Test func jsonCopiesAreTheReportsOwn() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let copy = out.appendingPathComponent("copy.json")
        let at = ["--generated-at", "2026-01-15T12:00:00Z", "--quiet"]
        let r = try CLI.run(["render", Self.example.path, "-o", out.appendingPathComponent("site").path, "--json", copy.path] + at)
        #expect(r.status == 0, "\(r.stderr)")
        let own = try String(contentsOf: out.appendingPathComponent("site/report.json"), encoding: .utf8)
        #expect(own.count > 10_000 && own.hasSuffix("}\n"))
        #expect(try String(contentsOf: copy, encoding: .utf8) == own)
        let printed = try CLI.run(["render", Self.example.path, "-o", out.appendingPathComponent("again").path, "--json", "-"] + at)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout == own)
        let file = out.appendingPathComponent("one.html")
        let single = try CLI.run(["render", Self.example.path, "-o", file.path, "--json", "-"] + at)
        #expect(single.status == 0, "\(single.stderr)")
        let html = try String(contentsOf: file, encoding: .utf8)
        let open = "<script type=\"application/json\" id=\"report-json\">"
        let start = try #require(html.range(of: open)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        #expect(single.stdout.count > 10_000)
        #expect(String(html[start..<end]) == single.stdout)
    }

    @Test func singleFileReportIsSelfContainedAndValid() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("report.html")
        let r = try CLI.run(["render", Self.example.path, "-o", file.path, "--top", "5", "--generated-at", "2026-01-15T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(try CLI.run(["validate", file.path]).status == 0)
        #expect(CLI.files(in: out).keys.sorted() == ["report.html"])
    }

    @Test func truncatedInputIsReportedWithFileAndLine() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let lines = try String(contentsOf: Self.example.appendingPathComponent("traces.jsonl"), encoding: .utf8).split(separator: "\n")
        let truncated = lines.prefix(2).joined(separator: "\n") + "\n" + lines[2].prefix(lines[2].count / 2)
        let input = out.appendingPathComponent("truncated.jsonl")
        try truncated.write(to: input, atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", input.path, "-o", out.appendingPathComponent("report").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("truncated.jsonl:3:"), "\(r.stderr)")
        #expect(r.stderr.contains("unexpected end of input"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report").path))
    }

    @Test func aFolderThatIsNotAReportIsNeverReplaced() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let precious = out.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try "keep me".write(to: precious.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["render", Self.example.path, "-o", precious.path, "--top", "1"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("refusing to replace"))
        #expect(try String(contentsOf: precious.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    /// A file where the report folder would go (or a device: `/dev/null`) is named as such, and
    /// an empty `-o` is a usage error rather than the current folder.
    @Test func aFileOrAnEmptyPathIsNoReportFolder() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("notes")
        try "keep me".write(to: file, atomically: true, encoding: .utf8)
        for target in [file.path, "/dev/null"] {
            let r = try CLI.run(["render", Self.example.path, "-o", target, "--top", "1", "--quiet"])
            #expect(r.status == 1)
            #expect(
                r.stderr.contains(
                    "refusing to replace '\(target)': it exists and is not a folder, where a report folder would go; choose another output, or a path ending in .html for one file"
                ), "\(r.stderr)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
        let empty = try CLI.run(["render", Self.example.path, "-o", "", "--quiet"])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("--output is empty: give a folder, or a path ending in .html for one file"), "\(empty.stderr)")
    }

    @Test func simulateReproducesTheCommittedExample() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["simulate", "recommendation-cache", "-o", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["traces.jsonl", "metrics.jsonl", "logs.jsonl"] {
            let fresh = try Data(contentsOf: out.appendingPathComponent(name))
            let committed = try Data(contentsOf: Self.example.appendingPathComponent(name))
            #expect(
                fresh == committed,
                "\(name) differs from examples/: regenerate with `otel-report simulate recommendation-cache -o examples/recommendation-cache`"
            )
        }
    }

    @Test func badUsageExitsWith64() throws {
        let r = try CLI.run(["render", Self.example.path, "-o", "/tmp/x", "--generated-at", "yesterday"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("RFC 3339"))
    }
}

@Suite struct DashboardsCommandTests {
    @Test func printsTheBuiltInFileAndChecksOthers() throws {
        let printed = try CLI.run(["dashboards"])
        #expect(printed.status == 0)
        #expect(
            printed.stdout == (try String(contentsOf: CLI.packageRoot.appendingPathComponent("dashboards/default.yaml"), encoding: .utf8)))
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try
            "dashboards:\n  - id: x\n    title: X\n    panels:\n      - title: p\n        unit: furlongs\n        metric: m\n        transform: raw\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let checked = try CLI.run(["dashboards", "--check", bad.path])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("bad.yaml:6:"), "\(checked.stderr)")
        let rendered = try CLI.run([
            "render", "examples/recommendation-cache", "-o", dir.appendingPathComponent("r").path, "--dashboards", bad.path,
        ])
        #expect(rendered.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").path))
    }

    /// A dashboard file's error goes through the one printer like every other problem: the same
    /// `file:line:col: error: path: message` text from `dashboards --check`, `render` and `fetch`,
    /// text quoted from the file made terminal-safe, and printed under `--quiet` (errors always are).
    @Test func dashboardFileErrorsGoThroughThePrinter() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("hostile.yaml")
        // YAML's "\e" is ESC: a unit that would clear the terminal if printed raw.
        try
            "dashboards:\n  - id: x\n    title: X\n    panels:\n      - title: p\n        unit: \"\\e[2Jfurlongs\"\n        metric: m\n        transform: raw\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let expected =
            "\(bad.path):6:15: error: dashboards[0].panels[0].unit: expected one of percent, bytes, ms, seconds, ratio, perSecond, count, found '\\u{1B}[2Jfurlongs'\n"
        let checked = try CLI.run(["dashboards", "--check", bad.path])
        #expect(checked.status == 1)
        #expect(checked.stderr == expected)
        let rendered = try CLI.run([
            "render", "examples/recommendation-cache", "-o", dir.appendingPathComponent("r").path, "--dashboards", bad.path, "--quiet",
        ])
        #expect(rendered.status == 1)
        #expect(rendered.stderr == expected)
        #expect(!rendered.stderr.contains("\u{1B}"))
    }
}

/// Warnings go through the one printer: shown by default, left out with `--quiet`.
@Suite struct WarningPrinterTests {
    @Test func quietLeavesOutWarnings() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = [
            "render", "examples/recommendation-cache", "--top", "1", "--where", "service=nosuch", "--service", "nosuch",
            "--generated-at", "2026-01-15T12:00:00Z",
        ]
        let loud = try CLI.run(arguments + ["-o", dir.appendingPathComponent("loud").path])
        #expect(loud.status == 0, "\(loud.stderr)")
        #expect(loud.stderr.contains("warning: --where service=nosuch matched no trace\n"), "\(loud.stderr)")
        #expect(loud.stderr.contains("warning: --service nosuch has no spans in the snapshot\n"), "\(loud.stderr)")
        let quiet = try CLI.run(arguments + ["-o", dir.appendingPathComponent("quiet").path, "--quiet"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(quiet.stderr == "")
    }
}

@Suite struct TemplateOverrideTests {
    @Test func aTemplateFolderReplacesThePageShell() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shell = try String(contentsOf: CLI.packageRoot.appendingPathComponent("templates/page.mustache"), encoding: .utf8)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("t"), withIntermediateDirectories: true)
        try shell.replacingOccurrences(of: "<footer>", with: "<footer><p>Incident 42, ACME on-call</p>")
            .write(to: dir.appendingPathComponent("t/page.mustache"), atomically: true, encoding: .utf8)
        let ok = try CLI.run([
            "render", "examples/recommendation-cache", "-o", dir.appendingPathComponent("r").path, "--top", "1",
            "--templates", dir.appendingPathComponent("t").path, "--quiet",
        ])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("r/index.html"), encoding: .utf8).contains("Incident 42, ACME on-call"))

        try "<html>{{#open\n".write(to: dir.appendingPathComponent("t/page.mustache"), atomically: true, encoding: .utf8)
        let bad = try CLI.run([
            "render", "examples/recommendation-cache", "-o", dir.appendingPathComponent("r2").path,
            "--templates", dir.appendingPathComponent("t").path,
        ])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("page.mustache:2:1"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r2").path))
    }
}

@Suite struct TimeRangeTests {
    /// `--from -10m --to -5m` (dash-led values) keeps the spans that start within that range of
    /// the snapshot's end — the latest span end or metric point, counted here independently.
    @Test func relativeBoundsCountBackFromTheSnapshotsEnd() throws {
        let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")
        var end: Int64 = 0
        var starts: [Int64] = []
        for name in ["traces.jsonl", "metrics.jsonl", "logs.jsonl"] {
            let text = try String(contentsOf: example.appendingPathComponent(name), encoding: .utf8)
            for key in ["\"endTimeUnixNano\":\"", "\"timeUnixNano\":\""] {
                for part in text.components(separatedBy: key).dropFirst() { end = max(end, Int64(part.prefix { $0 != "\"" }) ?? 0) }
            }
            if name == "traces.jsonl" {
                starts = text.components(separatedBy: "\"startTimeUnixNano\":\"").dropFirst().compactMap { Int64($0.prefix { $0 != "\"" }) }
            }
        }
        let (lo, hi) = (end - 600_000_000_000, end - 300_000_000_000)
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run([
            "render", example.path, "-o", out.appendingPathComponent("r").path, "--from", "-10m", "--to", "-5m", "--top", "1", "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any])
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        #expect(snapshot["spanCount"] as? Int == starts.filter { $0 >= lo && $0 <= hi }.count)
    }
}
