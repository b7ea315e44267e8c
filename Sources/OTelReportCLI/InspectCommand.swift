import ArgumentParser
import ReportRendering
import TelemetryAnalysis
import TelemetryIngest
import TelemetryModel

/// `otel-report inspect INPUT...`: what was found — formats, counts, services, time range —
/// without rendering anything. `--json` prints the same as JSON.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the inputs hold: formats, span and metric counts, services, time range."
    )

    @Argument(help: "Telemetry files or folders.")
    var inputs: [String]

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let loaded = SnapshotLoader.load(paths: inputs)
        for d in loaded.diagnostics { DiagnosticPrinter.writeErr(d.description + "\n") }
        let snap = loaded.snapshot
        let traces = TraceAssembler.assemble(snap)
        let stats = ServiceStatistics.compute(snap, traces: traces)
        let range = SnapshotAnalysis.timeRange(snap)
        let metricNames = Set(snap.metrics.map(\.name)).sorted()
        if json {
            let value: JSONValue = .object([
                ("inputs", .array(snap.inputs.map { i in
                    .object([("path", .string(i.path)), ("format", .string(i.format)), ("spans", .int(Int64(i.spans))), ("metricPoints", .int(Int64(i.metricPoints)))])
                })),
                ("spanCount", .int(Int64(snap.spans.count))),
                ("traceCount", .int(Int64(traces.count))),
                ("metricSeries", .int(Int64(snap.metrics.count))),
                ("metricPointCount", .int(Int64(snap.metricPointCount))),
                ("logRecordCount", .int(Int64(snap.logs.count))),
                ("startTime", range.map { .string(UTCTime.rfc3339(nanos: $0.lowerBound)) } ?? .null),
                ("endTime", range.map { .string(UTCTime.rfc3339(nanos: $0.upperBound)) } ?? .null),
                ("services", .array(stats.map { s in .object([("name", .string(s.name)), ("spanCount", .int(Int64(s.spanCount))), ("errorCount", .int(Int64(s.errorCount)))]) })),
                ("metrics", .array(metricNames.map { .string($0) })),
                ("problems", .int(Int64(loaded.diagnostics.count))),
            ])
            DiagnosticPrinter.writeOut(JSONWriter.write(value) + "\n")
        } else {
            var out = ""
            for i in snap.inputs {
                out += "\(i.path): \(i.format), \(i.spans) spans, \(i.metricPoints) metric points" + (i.logRecords > 0 ? ", \(i.logRecords) log records" : "") + "\n"
            }
            out += "\n\(snap.spans.count) spans in \(traces.count) traces; \(snap.metrics.count) metric series with \(snap.metricPointCount) points"
                + (snap.logs.isEmpty ? "" : "; \(snap.logs.count) log records") + "\n"
            if let r = range { out += "time range: \(UTCTime.rfc3339(nanos: r.lowerBound)) → \(UTCTime.rfc3339(nanos: r.upperBound))\n" }
            if !stats.isEmpty {
                out += "services:\n"
                for s in stats { out += "  \(s.name): \(s.spanCount) spans, \(s.errorCount) errors\n" }
            }
            if !metricNames.isEmpty { out += "metrics: \(metricNames.joined(separator: ", "))\n" }
            DiagnosticPrinter.writeOut(DiagnosticPrinter.terminalSafe(out))
        }
        if snap.spans.isEmpty && snap.metrics.isEmpty && snap.logs.isEmpty {
            // A file that was read cleanly but holds no spans or points (only logs, only
            // metadata) is an answer, not a failure; say so. Exit 1 when no file could be read.
            let failed = loaded.diagnostics.filter { $0.severity == .error }.count
            if loaded.usableFileCount == 0 {
                DiagnosticPrinter.writeErr("error: no usable telemetry: \(failed) file(s) failed and none held spans, metric points or log records\n")
                throw ExitCode(1)
            }
            DiagnosticPrinter.writeErr("note: \(loaded.usableFileCount) file(s) were read but hold no spans, metric points or log records (see the notes above for what they hold)\n")
        }
    }
}
