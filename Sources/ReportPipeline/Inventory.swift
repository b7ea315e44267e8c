import BackendClients
import DashboardConfig
import ReportRendering
import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// `inspect` as a library call: what the inputs hold — formats, counts, services, time range,
/// and what Prometheus has in the range — without rendering anything; as text or JSON.
public struct Inventory: Sendable {
    /// What Prometheus holds in the range: metric names and `job` values.
    public struct PrometheusSummary: Sendable {
        public var source: String
        public var metrics: [String]
        public var jobs: [String]
    }

    public var snapshot: Snapshot
    public var traceCount: Int
    public var services: [ServiceStatistics]
    public var timeRange: ClosedRange<Int64>?
    public var metricNames: [String]
    public var prometheus: PrometheusSummary?
    public var diagnostics: [Diagnostic]
    /// Files that were read (with or without data).
    public var usableFileCount: Int

    /// Reads the inputs (and asks the backends); each input problem goes to `observer` as it is found.
    public static func take(
        inputs: [String], backend: BackendSettings, from: String?, to: String?, observer: PipelineObserver = .silent
    ) throws(PipelineFailure) -> Inventory {
        try RenderRequest.checkTimes([("--from", from), ("--to", to)])
        let loaded = try InputLoading.load(inputs, backend: backend, from: from, to: to, record: false, observer: observer)
        var prometheus: PrometheusSummary?
        if let sources = loaded.sources, let backend = sources.prometheus {
            do {
                prometheus = try prometheusSummary(backend, range: sources.range)
            } catch {
                var failure = PipelineFailure.input("\(error)")
                failure.diagnostics = loaded.diagnostics
                throw failure
            }
        }
        let snap = loaded.snapshot
        let traces = TraceAssembler.assemble(snap)
        return Inventory(
            snapshot: snap, traceCount: traces.count, services: ServiceStatistics.compute(snap, traces: traces),
            timeRange: SnapshotAnalysis.timeRange(snap), metricNames: Set(snap.metrics.map(\.name)).sorted(),
            prometheus: prometheus, diagnostics: loaded.diagnostics, usableFileCount: loaded.usableFileCount)
    }

    /// No spans, metric points or log records (and no metric names in Prometheus).
    public var isEmpty: Bool {
        snapshot.spans.isEmpty && snapshot.metrics.isEmpty && snapshot.logs.isEmpty && (prometheus?.metrics.isEmpty ?? true)
    }

    public var inputErrorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// What Prometheus holds in the range (label values API); nil for a fetch archive, which
    /// holds the dashboards' requests only.
    static func prometheusSummary(_ backend: PrometheusBackend, range: ClosedRange<Int64>) throws -> PrometheusSummary? {
        guard let client = backend.api as? PrometheusClient, !(client.transport is ReplayTransport) else { return nil }
        let (lo, hi) = (range.lowerBound / 1_000_000_000, (range.upperBound + 999_999_999) / 1_000_000_000)
        return PrometheusSummary(
            source: backend.source, metrics: try client.labelValues("__name__", startSeconds: lo, endSeconds: hi).sorted(),
            jobs: try client.labelValues("job", startSeconds: lo, endSeconds: hi).sorted())
    }

    /// `inspect --json`.
    public var json: String {
        let snap = snapshot
        var members: [(String, JSONValue)] = [
            ("inputs", .inputList(snap.inputs)),
            ("spanCount", .int(Int64(snap.spans.count))),
            ("traceCount", .int(Int64(traceCount))),
            ("metricSeries", .int(Int64(snap.metrics.count))),
            ("metricPointCount", .int(Int64(snap.metricPointCount))),
            ("logRecordCount", .int(Int64(snap.logs.count))),
            ("startTime", timeRange.map { .string(UTCTime.rfc3339(nanos: $0.lowerBound)) } ?? .null),
            ("endTime", timeRange.map { .string(UTCTime.rfc3339(nanos: $0.upperBound)) } ?? .null),
            (
                "services",
                .array(
                    services.map { s in
                        .object([
                            ("name", .string(s.name)), ("spanCount", .int(Int64(s.spanCount))),
                            ("errorCount", .int(Int64(s.errorCount))),
                        ])
                    })
            ),
            ("metrics", .array(metricNames.map { .string($0) })),
            ("problems", .int(Int64(diagnostics.count))),
        ]
        if let p = prometheus {
            let metrics: [JSONValue] = p.metrics.map { .string($0) }
            let jobs: [JSONValue] = p.jobs.map { .string($0) }
            members.append(("prometheus", .object([("source", .string(p.source)), ("metrics", .array(metrics)), ("jobs", .array(jobs))])))
        }
        return JSONWriter.write(.object(members)) + "\n"
    }

    /// `inspect`'s text (not yet made safe for a terminal: the printer does that).
    public var text: String {
        let snap = snapshot
        var out = ""
        for i in snap.inputs {
            out +=
                "\(i.path): \(i.format), \(i.spans) spans, \(i.metricPoints) metric points"
                + (i.logRecords > 0 ? ", \(i.logRecords) log records" : "") + "\n"
        }
        out +=
            "\n\(snap.spans.count) spans in \(traceCount) traces; \(snap.metrics.count) metric series with \(snap.metricPointCount) points"
            + (snap.logs.isEmpty ? "" : "; \(snap.logs.count) log records") + "\n"
        if let r = timeRange { out += "time range: \(UTCTime.rfc3339(nanos: r.lowerBound)) → \(UTCTime.rfc3339(nanos: r.upperBound))\n" }
        if !services.isEmpty {
            out += "services:\n"
            for s in services { out += "  \(s.name): \(s.spanCount) spans, \(s.errorCount) errors\n" }
        }
        if !metricNames.isEmpty { out += "metrics: \(metricNames.joined(separator: ", "))\n" }
        if let p = prometheus {
            out += "\(p.source): \(p.metrics.count) metric names in the time range; jobs (services): \(p.jobs.joined(separator: ", "))\n"
            if !p.metrics.isEmpty { out += "  metrics: \(p.metrics.joined(separator: ", "))\n" }
        }
        return out
    }
}
