import ArgumentParser
import BackendClients
import Foundation
import ReportPipeline

/// The options that read telemetry straight from the backends, shared by `render`, `inspect`
/// and `fetch`.
struct BackendOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Compute every metric panel in this Prometheus server (its HTTP API, e.g. http://localhost:9090) for the report's time range.",
            valueName: "url"))
    var prometheus: String?

    @Option(
        help: ArgumentHelp(
            "Read the spans and log records of the report's time range from this OpenSearch server (e.g. http://localhost:9200).",
            valueName: "url"))
    var opensearch: String?

    @Option(
        name: .customLong("index"),
        help: ArgumentHelp(
            "An OpenSearch index pattern to read spans or log records from (a name with 'jaeger' is sorted by startTimeMillis, one with 'logs' by time — @timestamp with 'ss4o' —, others by startTime); repeatable (default: otel-v1-apm-span-*, jaeger-span-* and logs-otel-v1-*).",
            valueName: "pattern"))
    var indices: [String] = []

    @Option(
        name: .customLong("max-spans"),
        help: "Read at most this many spans from OpenSearch (the rest are counted and reported as left out).")
    var maxSpans: Int = 100_000

    @Option(
        name: .customLong("max-logs"),
        help: "Read at most this many log records from OpenSearch (the rest are counted and reported as left out).")
    var maxLogs: Int = 100_000

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp(
            "An HTTP header for every backend request, e.g. 'Authorization: Bearer …'; repeatable.", valueName: "'Name: value'"))
    var headers: [String] = []

    @Option(help: ArgumentHelp("Seconds to wait for each backend response.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: "Retries of a backend request that got no response or 429/502/503/504, with backoff (0.5 s, 1 s, 2 s, …).")
    var retries: Int = 3

    /// The values as the pipeline takes them.
    var settings: BackendSettings {
        BackendSettings(
            prometheus: prometheus, opensearch: opensearch, indices: indices, maxSpans: maxSpans, maxLogs: maxLogs,
            headers: headers, timeoutSeconds: timeout, retries: retries)
    }

    func validate() throws {
        for (flag, url) in [("--prometheus", prometheus), ("--opensearch", opensearch)] {
            if let url, let problem = CurlTransport.check(url) { throw ValidationError("\(flag) \(problem)") }
        }
        for h in headers {
            guard let colon = h.firstIndex(of: ":"), !h[..<colon].trimmingCharacters(in: .whitespaces).isEmpty,
                h[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
            else {
                throw ValidationError("--header '\(h)' is not 'Name: value'")
            }
            if h.contains("\n") || h.contains("\r") { throw ValidationError("--header must be one line") }
        }
        if maxSpans < 0 { throw ValidationError("--max-spans must be 0 or more") }
        if maxLogs < 0 { throw ValidationError("--max-logs must be 0 or more") }
        if !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be between 0 and 10") }
        if !indices.isEmpty && opensearch == nil { throw ValidationError("--index needs --opensearch URL") }
    }
}
