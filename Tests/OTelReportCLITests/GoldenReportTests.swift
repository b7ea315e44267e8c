import Foundation
import Testing

/// Every byte of the reports rendered from the example, every corpus folder and a scaled
/// simulation, pinned by SHA-256 (`Snapshots/report-hashes.txt`): a refactor or a speed-up must
/// not change one (issue 7). A change meant to alter reports re-records the file with
/// `RECORD_SNAPSHOTS=1 swift test --filter GoldenReportTests`, and the diff shows which pages
/// moved. Corpus renders are left out (and say so) when ../shared/corpus is absent.
@Suite(.serialized) struct GoldenReportTests {
    static let snapshot = CLI.packageRoot.appendingPathComponent("Tests/OTelReportCLITests/Snapshots/report-hashes.txt")
    static let generatedAt = ["--generated-at", "2026-01-15T12:00:00Z", "--quiet"]

    /// (name, render arguments before `-o`), inputs relative to the package root so that
    /// `report.json`'s input paths are the same on every machine.
    static var renders: [(String, [String])] {
        var list: [(String, [String])] = [
            ("example", ["examples/recommendation-cache"]),
            ("example-where", ["examples/recommendation-cache", "--where", "service=recommendationservice app.cache_hit=false"]),
            ("example-compare", ["examples/recommendation-cache", "--compare", "app.cache_hit", "--top", "5"]),
        ]
        if CLI.hasCorpus {
            for folder in ["jaeger-json", "opensearch", "otlp-json", "prometheus", "zipkin"] {
                list.append(("corpus-" + folder, ["../shared/corpus/" + folder]))
            }
        }
        return list
    }

    @Test func reportsAreByteIdenticalToTheRecordedHashes() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var lines: [String] = []
        for (name, arguments) in Self.renders {
            let out = work.appendingPathComponent(name)
            // Samples without timestamps take their file's modification time, which differs
            // between checkouts of the corpus; SOURCE_DATE_EPOCH (the --generated-at time)
            // stands in for it.
            let result = try CLI.run(
                ["render"] + arguments + ["-o", out.path] + Self.generatedAt,
                environment: ["SOURCE_DATE_EPOCH": "1768478400"])
            lines.append("\(name): exit \(result.status)")
            lines += try Self.hashes(of: out, prefix: name)
        }
        let single = work.appendingPathComponent("single.html")
        _ = try CLI.run(["render", "examples/recommendation-cache", "-o", single.path] + Self.generatedAt)
        lines += try Self.hashes(of: work, prefix: "", only: ["single.html"])
        // A scaled simulation, rendered from inside the work folder (a stable input path).
        _ = try CLI.run(["simulate", "recommendation-cache", "-o", work.appendingPathComponent("sim").path, "--scale", "3"])
        let sim = try CLI.run(["render", "sim", "-o", "sim-report"] + Self.generatedAt, directory: work)
        lines.append("sim-3: exit \(sim.status)")
        lines += try Self.hashes(of: work.appendingPathComponent("sim-report"), prefix: "sim-3")

        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: Self.snapshot, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: Self.snapshot, encoding: .utf8)
        let expected =
            CLI.hasCorpus ? recorded : recorded.split(separator: "\n").filter { !$0.hasPrefix("corpus-") }.joined(separator: "\n") + "\n"
        let got = Set(text.split(separator: "\n")), want = Set(expected.split(separator: "\n"))
        let changed = want.subtracting(got).sorted().prefix(20), added = got.subtracting(want).sorted().prefix(20)
        #expect(
            text == expected,
            "reports changed; expected lines missing:\n\(changed.joined(separator: "\n"))\nnew lines:\n\(added.joined(separator: "\n"))")
    }

    /// The streaming ingest (large OTLP JSON Lines files, read in blocks decoded on every core)
    /// gives the same report as reading the file whole: forced onto the example in small blocks.
    @Test func streamingIngestGivesTheSameBytes() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let whole = work.appendingPathComponent("whole"), streamed = work.appendingPathComponent("streamed")
        _ = try CLI.run(["render", "examples/recommendation-cache", "-o", whole.path] + Self.generatedAt)
        for block in ["4096", "50000", "300000"] {
            try? FileManager.default.removeItem(at: streamed)
            let result = try CLI.run(
                ["render", "examples/recommendation-cache", "-o", streamed.path] + Self.generatedAt,
                environment: ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": block])
            #expect(result.status == 0)
            let a = CLI.files(in: whole), b = CLI.files(in: streamed)
            #expect(a.keys.sorted() == b.keys.sorted())
            for (name, data) in a { #expect(b[name] == data, "\(name) differs with \(block)-byte blocks") }
        }
    }

    /// A bad line in a streamed file is reported exactly as the ordinary reader reports it.
    @Test func streamingIngestReportsErrorsLikeTheOrdinaryReader() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("traces.jsonl")
        var lines = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("examples/recommendation-cache/traces.jsonl"), encoding: .utf8
        )
        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[7] = lines[7].replacingOccurrences(of: "\"traceId\":\"", with: "\"traceId\":\"zz", options: [], range: nil)
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let plain = try CLI.run(["inspect", input.path])
        let streamed = try CLI.run(
            ["inspect", input.path], environment: ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": "4096"])
        #expect(plain.status == 1)
        #expect(streamed.status == plain.status)
        #expect(streamed.stderr == plain.stderr)
        #expect(plain.stderr.contains("traces.jsonl:8:"))
    }

    /// `prefix/relative/path sha256` for every file below `folder` (or just `only`), sorted.
    static func hashes(of folder: URL, prefix: String, only: [String]? = nil) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        let files = (only ?? CLI.files(in: folder).keys.sorted()).sorted()
        guard !files.isEmpty else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"] + files
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            let path = parts[1].trimmingCharacters(in: .whitespaces)
            return (prefix.isEmpty ? path : prefix + "/" + path) + " " + parts[0]
        }
    }
}
