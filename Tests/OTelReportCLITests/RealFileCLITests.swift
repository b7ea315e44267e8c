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
        #expect(result.stderr.contains(Self.fixture("otlp-logs-only.jsonl") + ": note: 3 OTLP log records (resourceLogs) skipped: this report shows traces and metrics"))
        #expect(result.stderr.contains("note: 1 file(s) were read but hold no spans or metric points"))
    }

    @Test func aTruncatedOpenMetricsFileFailsAtItsEnd() throws {
        let result = try CLI.run(["inspect", Self.fixture("openmetrics-truncated.txt")])
        #expect(result.status == 1)
        #expect(result.stderr.contains(Self.fixture("openmetrics-truncated.txt") + ":5:42: error: missing '# EOF' at the end of an OpenMetrics exposition"))
    }

    @Test func renderingOnlyLogsExplainsWhyThereIsNoReport() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run(["render", Self.fixture("dataprepper-logs.bulk.ndjson"), "-o", out.appendingPathComponent("r").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("3 log documents (body, severityText…) skipped"))
        #expect(result.stderr.contains("no usable telemetry"))
    }
}
