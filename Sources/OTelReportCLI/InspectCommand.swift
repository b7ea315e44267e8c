import ArgumentParser
import BackendClients
import DashboardConfig
import ReportRendering
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel
import Vocabulary

/// `otel-report inspect INPUT...`: what was found — formats, counts, services, time range —
/// without rendering anything. `--json` prints the same as JSON.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the inputs hold: formats, span and metric counts, services, time range."
    )

    @Argument(help: "Telemetry files or folders, or a folder written by `otel-report fetch`.")
    var inputs: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(
        parsing: .unconditional,
        help:
            "With a backend: the start of the time range (RFC 3339, or relative to its end such as -15m; default: the files' range, else the last hour)."
    )
    var from: String?

    @Option(
        parsing: .unconditional,
        help: "With a backend: the end of the time range (RFC 3339 or relative; default: the files' end, else now).")
    var to: String?

    @OptionGroup(title: "Backends")
    var backend: BackendOptions

    func validate() throws {
        if inputs.isEmpty && !backend.isUsed {
            throw ValidationError("Give telemetry files or folders, a fetch archive, --prometheus URL or --opensearch URL")
        }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let v = value, TimeBound(v) == nil {
                throw ValidationError("\(name) '\(v)' is neither an RFC 3339 time nor a relative time such as -15m")
            }
        }
    }

    func run() throws {
        let loaded = try InputLoading.load(inputs, backend: backend, from: from, to: to, record: false, printer: DiagnosticPrinter())
        let prometheus = try loaded.sources.flatMap { s in try s.prometheus.flatMap { try Self.prometheusSummary($0, range: s.range) } }
        let snap = loaded.snapshot
        let traces = TraceAssembler.assemble(snap)
        let stats = ServiceStatistics.compute(snap, traces: traces)
        let range = SnapshotAnalysis.timeRange(snap)
        let metricNames = Set(snap.metrics.map(\.name)).sorted()
        if json {
            var members: [(String, JSONValue)] = [
                (
                    "inputs",
                    .array(
                        snap.inputs.map { i in
                            .object([
                                ("path", .string(i.path)), ("format", .string(i.format)), ("spans", .int(Int64(i.spans))),
                                ("metricPoints", .int(Int64(i.metricPoints))),
                            ])
                        })
                ),
                ("spanCount", .int(Int64(snap.spans.count))),
                ("traceCount", .int(Int64(traces.count))),
                ("metricSeries", .int(Int64(snap.metrics.count))),
                ("metricPointCount", .int(Int64(snap.metricPointCount))),
                ("logRecordCount", .int(Int64(snap.logs.count))),
                ("startTime", range.map { .string(UTCTime.rfc3339(nanos: $0.lowerBound)) } ?? .null),
                ("endTime", range.map { .string(UTCTime.rfc3339(nanos: $0.upperBound)) } ?? .null),
                (
                    "services",
                    .array(
                        stats.map { s in
                            .object([
                                ("name", .string(s.name)), ("spanCount", .int(Int64(s.spanCount))),
                                ("errorCount", .int(Int64(s.errorCount))),
                            ])
                        })
                ),
                ("metrics", .array(metricNames.map { .string($0) })),
                ("problems", .int(Int64(loaded.diagnostics.count))),
            ]
            if let p = prometheus {
                let metrics: [JSONValue] = p.metrics.map { .string($0) }
                let jobs: [JSONValue] = p.jobs.map { .string($0) }
                members.append(
                    ("prometheus", .object([("source", .string(p.source)), ("metrics", .array(metrics)), ("jobs", .array(jobs))])))
            }
            let value: JSONValue = .object(members)
            DiagnosticPrinter.writeOut(JSONWriter.write(value) + "\n")
        } else {
            var out = ""
            for i in snap.inputs {
                out +=
                    "\(i.path): \(i.format), \(i.spans) spans, \(i.metricPoints) metric points"
                    + (i.logRecords > 0 ? ", \(i.logRecords) log records" : "") + "\n"
            }
            out +=
                "\n\(snap.spans.count) spans in \(traces.count) traces; \(snap.metrics.count) metric series with \(snap.metricPointCount) points"
                + (snap.logs.isEmpty ? "" : "; \(snap.logs.count) log records") + "\n"
            if let r = range { out += "time range: \(UTCTime.rfc3339(nanos: r.lowerBound)) → \(UTCTime.rfc3339(nanos: r.upperBound))\n" }
            if !stats.isEmpty {
                out += "services:\n"
                for s in stats { out += "  \(s.name): \(s.spanCount) spans, \(s.errorCount) errors\n" }
            }
            if !metricNames.isEmpty { out += "metrics: \(metricNames.joined(separator: ", "))\n" }
            if let p = prometheus {
                out +=
                    "\(p.source): \(p.metrics.count) metric names in the time range; jobs (services): \(p.jobs.joined(separator: ", "))\n"
                if !p.metrics.isEmpty { out += "  metrics: \(p.metrics.joined(separator: ", "))\n" }
            }
            DiagnosticPrinter.writeOut(DiagnosticPrinter.terminalSafe(out))
        }
        if snap.spans.isEmpty && snap.metrics.isEmpty && snap.logs.isEmpty && (prometheus?.metrics.isEmpty ?? true) {
            // A file that was read cleanly but holds no spans or points (only logs, only
            // metadata) is an answer, not a failure; say so. Exit 1 when no file could be read.
            let failed = loaded.diagnostics.filter { $0.severity == .error }.count
            if loaded.usableFileCount == 0 {
                DiagnosticPrinter().error(
                    "no usable telemetry: \(failed) file(s) failed and none held spans, metric points or log records")
                throw ExitCode(1)
            }
            DiagnosticPrinter().print(
                .note,
                "\(loaded.usableFileCount) file(s) were read but hold no spans, metric points or log records (see the notes above for what they hold)"
            )
        }
    }

    /// What Prometheus holds in the range: metric names and `job` values (label values API).
    /// nil for a fetch archive, which holds the dashboards' requests only.
    static func prometheusSummary(_ backend: PrometheusBackend, range: ClosedRange<Int64>) throws -> (
        source: String, metrics: [String], jobs: [String]
    )? {
        guard let client = backend.api as? PrometheusClient, !(client.transport is ReplayTransport) else { return nil }
        let (lo, hi) = (range.lowerBound / 1_000_000_000, (range.upperBound + 999_999_999) / 1_000_000_000)
        do {
            return (
                backend.source, try client.labelValues("__name__", startSeconds: lo, endSeconds: hi).sorted(),
                try client.labelValues("job", startSeconds: lo, endSeconds: hi).sorted()
            )
        } catch {
            DiagnosticPrinter().error("\(error)")
            throw ExitCode(1)
        }
    }
}
