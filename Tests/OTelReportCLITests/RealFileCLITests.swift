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
        let process = Process()
        process.executableURL = try #require(CLI.binary)
        process.arguments = ["inspect", "/dev/stdin"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let bytes = try Data(contentsOf: CLI.packageRoot.appendingPathComponent(Self.fixture("otlp-logs-only.jsonl")))
        input.fileHandleForWriting.write(bytes)
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(said.contains("/dev/stdin: otlp-json, 0 spans, 0 metric points, 3 log records"))
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
