import Digest
import Foundation
import ReportPipeline
import TestSupport

/// Paths and small inputs shared by the in-process pipeline tests.
enum PipelineFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let goldenHashes = packageRoot.appendingPathComponent("Tests/OTelReportCLITests/Snapshots/report-hashes.txt")

    /// The golden renders name their inputs relative to the package root (report.json lists
    /// them), so an in-process render can match them only when run from there, as `swift test` is.
    static var runsFromPackageRoot: Bool {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
            == packageRoot.standardizedFileURL.path
    }

    static func temporaryDirectory() throws -> URL { try TestFiles.temporaryDirectory(prefix: "otel-report-pipeline") }

    /// Every file below `folder` by relative path.
    static func files(in folder: URL) -> [String: Data] { TestFiles.files(in: folder) }

    static func sha256(_ data: Data) -> String { HMACSHA256.hex(SHA256.hash(data)) }

    /// The recorded `name/path hash` lines of one golden render, by path.
    static func golden(_ prefix: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try String(contentsOf: goldenHashes, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0].hasPrefix(prefix) else { continue }
            result[String(parts[0].dropFirst(prefix.count))] = String(parts[1])
        }
        return result
    }

    /// Writes `twoTraces` to `work/traces.json` and returns a request rendering it into `work/r`
    /// at a fixed time.
    static func twoTracesRequest(in work: URL) throws -> RenderRequest {
        let input = work.appendingPathComponent("traces.json")
        try twoTraces.write(to: input, atomically: true, encoding: .utf8)
        var request = RenderRequest(inputs: [input.path], output: work.appendingPathComponent("r").path)
        request.generatedAt = "2026-01-15T12:00:00Z"
        return request
    }

    /// One OTLP JSON document with two traces: a `checkout` server span with a slow child, and
    /// a `cart` server span, a minute apart.
    static let twoTraces = """
        {"resourceSpans":[
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
         "scopeSpans":[{"spans":[
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"POST /checkout","kind":2,
           "startTimeUnixNano":"1768471200000000000","endTimeUnixNano":"1768471200300000000"},
          {"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203332","parentSpanId":"b7ad6b7169203331",
           "name":"charge","kind":3,"startTimeUnixNano":"1768471200010000000","endTimeUnixNano":"1768471200250000000"}]}]},
        {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
         "scopeSpans":[{"spans":[
          {"traceId":"1af7651916cd43dd8448eb211c80319c","spanId":"c7ad6b7169203331","name":"GET /cart","kind":2,
           "startTimeUnixNano":"1768471260000000000","endTimeUnixNano":"1768471260020000000"}]}]}
        ]}
        """
}
