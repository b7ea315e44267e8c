import Foundation
import Testing

/// What `inspect` says and returns for the real-file classes of issue 12 §1 (fixtures in
/// `Tests/TelemetryIngestTests/Fixtures/Formats`).
@Suite struct RealFileCLITests {
    static func fixture(_ name: String) -> String {
        "Tests/TelemetryIngestTests/Fixtures/Formats/" + name
    }

    @Test func aLogsOnlyFileSaysWhatItHoldsAndIsNoFailure() throws {
        let result = try CLI.run(["inspect", Self.fixture("otlp-logs-only.jsonl")])
        #expect(result.status == 0)
        #expect(result.stdout.contains(Self.fixture("otlp-logs-only.jsonl") + ": otlp-json, 0 spans, 0 metric points, 3 log records"))
        #expect(result.stderr.isEmpty)
    }

    /// A pipe given as an input (`/dev/stdin`, `<(zcat spans.json.gz)`) is read to its end: it
    /// cannot be mapped, and mapping it failed with "You don't have permission".
    @Test func aPipeGivenOnTheCommandLineIsRead() throws {
        let bytes = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(Self.fixture("otlp-logs-only.jsonl")))
        let result = try CLI.run(["inspect", "/dev/stdin"], stdin: bytes)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("/dev/stdin: otlp-json, 0 spans, 0 metric points, 3 log records"))
    }

    /// A pipe that could be streamed (OTLP JSON Lines, plain or compressed, going on past its
    /// first bytes) is copied to an unlinked file in the temporary folder and streamed from
    /// there, here in 4 KiB blocks. Its report is byte for byte the one the same pipe read into
    /// memory gives (with no temporary folder to copy into), and the folder is left empty. A
    /// broken line is reported at the same line and column either way, and no report is written.
    @Test func aPipeThatCouldBeStreamedIsCopiedToAFileWithTheSameReport() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let sim = root.appendingPathComponent("sim"), spool = root.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        #expect(try CLI.run(["simulate", "recommendation-cache", "-o", sim.path, "--minutes", "5"]).status == 0)
        let traces = sim.appendingPathComponent("traces.jsonl")
        var inputs: [(name: String, bytes: Data)] = [
            ("traces", try Data(contentsOf: traces)),
            ("metrics", try Data(contentsOf: sim.appendingPathComponent("metrics.jsonl"))),
            ("broken", try Data(contentsOf: traces) + Data(#"{"resourceSpans":[{"resource":]}"#.utf8) + Data([0x0A])),
        ]
        if FileManager.default.isExecutableFile(atPath: "/bin/gzip") {
            let packed = root.appendingPathComponent("traces.gz")
            try ZstdEndToEndTests.gzip(traces, to: packed)
            inputs.append(("gzip", try Data(contentsOf: packed)))
        }
        if ZstdEndToEndTests.zstdTool != nil {
            let packed = root.appendingPathComponent("traces.zst")
            try ZstdEndToEndTests.compress(traces, to: packed)
            inputs.append(("zstd", try Data(contentsOf: packed)))
        }
        for (name, bytes) in inputs {
            var results: [CLI.Result] = [], reports: [[String: Data]] = []
            for (k, folder) in [spool.path, root.appendingPathComponent("no-such-folder").path].enumerated() {
                let out = root.appendingPathComponent("out-\(name)-\(k)")
                results.append(
                    try CLI.run(
                        ["render", "/dev/stdin", "-o", out.path, "--generated-at", "2026-01-15T12:00:00Z", "--quiet"],
                        environment: ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": "4096", "TMPDIR": folder],
                        stdin: bytes))
                reports.append(CLI.files(in: out))
            }
            #expect(results[0].status == (name == "broken" ? 1 : 0), "\(name): \(results[0].stderr)")
            #expect(results[0].status == results[1].status && results[0].stderr == results[1].stderr, "\(name)")
            #expect(reports[0] == reports[1], "\(name)")
            #expect(reports[0].isEmpty == (name == "broken"), "\(name)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
            if name == "broken" {
                // The line after the simulation's last, at its `]`.
                let line = inputs[0].bytes.filter { $0 == 0x0A }.count + 1
                #expect(
                    results[0].stderr.contains("/dev/stdin:\(line):31: error: resourceSpans[0].resource: expected an object"),
                    "\(results[0].stderr)")
            }
        }
    }

    @Test func aTruncatedOpenMetricsFileFailsAtItsEnd() throws {
        let result = try CLI.run(["inspect", Self.fixture("openmetrics-truncated.txt")])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                Self.fixture("openmetrics-truncated.txt") + ":5:42: error: missing '# EOF' at the end of an OpenMetrics exposition"))
    }

    /// Log documents alone make a report of their logs (issue 14), not spans at 1970.
    @Test func renderingOnlyLogDocumentsReportsTheirLogs() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run(["render", Self.fixture("dataprepper-logs.bulk.ndjson"), "-o", out.appendingPathComponent("r").path])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("r/report.json"))) as? [String: Any]
        let logs = json?["logs"] as? [String: Any]
        #expect(logs?["recordCount"] as? Int == 3)
        #expect(logs?["withTraceContext"] as? Int == 2)
    }
}
